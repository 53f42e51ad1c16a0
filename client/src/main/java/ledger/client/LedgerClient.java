package ledger.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import com.google.protobuf.Timestamp;
import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import ledger.v1.CloseAccountRequest;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.CommandServiceGrpc.CommandServiceBlockingStub;
import ledger.v1.DepositRequest;
import ledger.v1.FreezeAccountRequest;
import ledger.v1.GetBalanceAtRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.GetHistoryRequest;
import ledger.v1.GetHistoryResponse;
import ledger.v1.HistoryEntry;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.QueryServiceGrpc.QueryServiceBlockingStub;
import ledger.v1.TransferRequest;
import ledger.v1.UnfreezeAccountRequest;
import ledger.v1.WithdrawRequest;

/**
 * A blocking client of the ledger's CommandService and QueryService for Java services, over
 * grpc-java. Each command gets a {@code command_id} (a new UUID unless the request names one)
 * that every retry reuses, so a command whose answer was lost is applied once: the ledger
 * answers the retry with the original result ({@link CommandOutcome#deduplicated()}). Calls are
 * retried on UNAVAILABLE and DEADLINE_EXCEEDED (and on RESOURCE_EXHAUSTED for a rate or queue
 * limit that carries a RetryInfo) with exponential backoff and jitter ({@link RetryPolicy});
 * every other error is thrown at once as a {@link LedgerException} of its reason. Each attempt
 * has the client's deadline ({@link #withDeadline} for another). Thread-safe; one client per
 * process is enough. {@link #newSession()} gives read-your-writes.
 */
public final class LedgerClient implements AutoCloseable {

  /** The deadline of each attempt unless the builder sets another. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

  /** How the client waits between attempts. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration pause) throws InterruptedException;
  }

  private final Channel channel;
  private final ManagedChannel owned;
  private final CallCredentials credentials;
  private final Duration deadline;
  private final RetryPolicy retry;
  private final DoubleSupplier random;
  private final Sleeper sleeper;

  private LedgerClient(Channel channel, ManagedChannel owned, CallCredentials credentials, Duration deadline,
      RetryPolicy retry, DoubleSupplier random, Sleeper sleeper) {
    this.channel = channel;
    this.owned = owned;
    this.credentials = credentials;
    this.deadline = deadline;
    this.retry = retry;
    this.random = random;
    this.sleeper = sleeper;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A client over a channel the caller made and closes, with the default deadline and retries. */
  public static LedgerClient over(Channel channel) {
    return builder().channel(channel).build();
  }

  /** The same client (same channel, credentials, retries) whose attempts each have {@code value} to finish. */
  public LedgerClient withDeadline(Duration value) {
    return new LedgerClient(channel, null, credentials, positive(value, "deadline"), retry, random, sleeper);
  }

  /** The same client retrying by {@code policy} ({@link RetryPolicy#NONE} for no retries). */
  public LedgerClient withRetryPolicy(RetryPolicy policy) {
    return new LedgerClient(channel, null, credentials, deadline, Objects.requireNonNull(policy), random, sleeper);
  }

  /**
   * A {@link BalanceWatch} of {@code accountId} over this client's channel and bearer token, to be
   * configured (a token to start after, or a version to start from) and started with a listener: it
   * resumes by itself after a disconnect, from the last version it delivered + 1.
   */
  public BalanceWatch.Builder watchBalance(String accountId) {
    BalanceWatch.Builder watch = BalanceWatch.of(channel, accountId);
    return credentials == null ? watch : watch.credentials(credentials);
  }

  /** The channel the calls go over (e.g. for a balance stream helper). */
  public Channel channel() {
    return channel;
  }

  /** The bearer-token credentials every call carries, or null when the client sends none. */
  public CallCredentials callCredentials() {
    return credentials;
  }

  public Duration deadline() {
    return deadline;
  }

  public RetryPolicy retryPolicy() {
    return retry;
  }

  /** A session with no writes yet: its reads see its writes. */
  public LedgerSession newSession() {
    return new LedgerSession(this, new SessionTokens());
  }

  /** The session another service handed over ({@link LedgerSession#export()}), continued with this client. */
  public LedgerSession resumeSession(String exported) {
    SessionTokens tokens = new SessionTokens();
    tokens.merge(exported);
    return new LedgerSession(this, tokens);
  }

  // --- commands -------------------------------------------------------------------------------

  public CommandOutcome openAccount(String accountId, String currency) {
    return openAccount(OpenAccountRequest.newBuilder().setAccountId(accountId).setCurrency(currency).build());
  }

  /** Opens an account; a request without a command id gets a new one. */
  public CommandOutcome openAccount(OpenAccountRequest request) {
    OpenAccountRequest sent = request.getCommandId().isEmpty()
        ? request.toBuilder().setCommandId(newCommandId()).build() : request;
    return command(sent.getCommandId(), stub -> stub.openAccount(sent));
  }

  public CommandOutcome deposit(String accountId, long amountMinor, String currency) {
    return deposit(DepositRequest.newBuilder().setAccountId(accountId).setAmountMinor(amountMinor)
        .setCurrency(currency).build());
  }

  public CommandOutcome deposit(DepositRequest request) {
    DepositRequest sent = request.getCommandId().isEmpty()
        ? request.toBuilder().setCommandId(newCommandId()).build() : request;
    return command(sent.getCommandId(), stub -> stub.deposit(sent));
  }

  public CommandOutcome withdraw(String accountId, long amountMinor, String currency) {
    return withdraw(WithdrawRequest.newBuilder().setAccountId(accountId).setAmountMinor(amountMinor)
        .setCurrency(currency).build());
  }

  public CommandOutcome withdraw(WithdrawRequest request) {
    WithdrawRequest sent = request.getCommandId().isEmpty()
        ? request.toBuilder().setCommandId(newCommandId()).build() : request;
    return command(sent.getCommandId(), stub -> stub.withdraw(sent));
  }

  public CommandOutcome transfer(String fromAccountId, String toAccountId, long amountMinor, String currency) {
    return transfer(TransferRequest.newBuilder().setFromAccountId(fromAccountId).setToAccountId(toAccountId)
        .setAmountMinor(amountMinor).setCurrency(currency).build());
  }

  public CommandOutcome transfer(TransferRequest request) {
    TransferRequest sent = request.getCommandId().isEmpty()
        ? request.toBuilder().setCommandId(newCommandId()).build() : request;
    return command(sent.getCommandId(), stub -> stub.transfer(sent));
  }

  public CommandOutcome freezeAccount(String accountId, String reason) {
    return freezeAccount(FreezeAccountRequest.newBuilder().setAccountId(accountId).setReason(reason).build());
  }

  public CommandOutcome freezeAccount(FreezeAccountRequest request) {
    FreezeAccountRequest sent = request.getCommandId().isEmpty()
        ? request.toBuilder().setCommandId(newCommandId()).build() : request;
    return command(sent.getCommandId(), stub -> stub.freezeAccount(sent));
  }

  public CommandOutcome unfreezeAccount(String accountId, String reason) {
    return unfreezeAccount(UnfreezeAccountRequest.newBuilder().setAccountId(accountId).setReason(reason).build());
  }

  public CommandOutcome unfreezeAccount(UnfreezeAccountRequest request) {
    UnfreezeAccountRequest sent = request.getCommandId().isEmpty()
        ? request.toBuilder().setCommandId(newCommandId()).build() : request;
    return command(sent.getCommandId(), stub -> stub.unfreezeAccount(sent));
  }

  public CommandOutcome closeAccount(String accountId) {
    return closeAccount(CloseAccountRequest.newBuilder().setAccountId(accountId).build());
  }

  public CommandOutcome closeAccount(CloseAccountRequest request) {
    CloseAccountRequest sent = request.getCommandId().isEmpty()
        ? request.toBuilder().setCommandId(newCommandId()).build() : request;
    return command(sent.getCommandId(), stub -> stub.closeAccount(sent));
  }

  // --- reads ----------------------------------------------------------------------------------

  /** The account's balance as the views have it now (no token: possibly before a write not yet projected). */
  public AccountBalance getBalance(String accountId) {
    return getBalance(accountId, "");
  }

  /** The account's balance no older than the write that returned {@code consistencyToken} ("" for none). */
  public AccountBalance getBalance(String accountId, String consistencyToken) {
    GetBalanceRequest request = GetBalanceRequest.newBuilder().setAccountId(accountId)
        .setConsistencyToken(consistencyToken).build();
    return AccountBalance.of(query(stub -> stub.getBalance(request)).value());
  }

  /** One page of the account's history from the event store: events with version >= {@code fromVersion}. */
  public HistoryPage getHistory(String accountId, long fromVersion, int pageSize, String pageToken) {
    GetHistoryRequest request = GetHistoryRequest.newBuilder().setAccountId(accountId).setFromVersion(fromVersion)
        .setPageSize(pageSize).setPageToken(pageToken).build();
    GetHistoryResponse response = query(stub -> stub.getHistory(request)).value();
    return new HistoryPage(response.getEventsList(), response.getNextPageToken());
  }

  /** The whole history of the account from {@code fromVersion}, every page read in turn. */
  public List<HistoryEntry> getHistory(String accountId, long fromVersion) {
    List<HistoryEntry> events = new ArrayList<>();
    String pageToken = "";
    do {
      HistoryPage page = getHistory(accountId, fromVersion, 0, pageToken);
      events.addAll(page.events());
      pageToken = page.nextPageToken();
    } while (!pageToken.isEmpty());
    return events;
  }

  /** The account as it was at {@code asOf} (events recorded at exactly that instant included). */
  public AccountBalance getBalanceAt(String accountId, Instant asOf) {
    GetBalanceAtRequest request = GetBalanceAtRequest.newBuilder().setAccountId(accountId)
        .setAsOf(Timestamp.newBuilder().setSeconds(asOf.getEpochSecond()).setNanos(asOf.getNano())).build();
    return AccountBalance.of(query(stub -> stub.getBalanceAt(request)).value());
  }

  /** The account as it was at stream version {@code version}. */
  public AccountBalance getBalanceAtVersion(String accountId, long version) {
    GetBalanceAtRequest request = GetBalanceAtRequest.newBuilder().setAccountId(accountId).setVersion(version).build();
    return AccountBalance.of(query(stub -> stub.getBalanceAt(request)).value());
  }

  @Override
  public void close() {
    if (owned != null) {
      owned.shutdown();
      try {
        if (!owned.awaitTermination(5, TimeUnit.SECONDS)) {
          owned.shutdownNow();
        }
      } catch (InterruptedException e) {
        owned.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  // --- the retry loop -------------------------------------------------------------------------

  static String newCommandId() {
    return UUID.randomUUID().toString();
  }

  private record Attempted<T>(T value, int attempts) {
  }

  private CommandOutcome command(String commandId, Function<CommandServiceBlockingStub, CommandResult> call) {
    Attempted<CommandResult> result = attempt(() -> call.apply(withOptions(CommandServiceGrpc.newBlockingStub(channel))));
    return CommandOutcome.of(commandId, result.value(), result.attempts());
  }

  private <T> Attempted<T> query(Function<QueryServiceBlockingStub, T> call) {
    return attempt(() -> call.apply(withOptions(QueryServiceGrpc.newBlockingStub(channel))));
  }

  private <S extends io.grpc.stub.AbstractStub<S>> S withOptions(S stub) {
    S timed = stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    return credentials == null ? timed : timed.withCallCredentials(credentials);
  }

  /**
   * The call, tried again while its failure is retryable and attempts remain. A server's RetryInfo
   * delay longer than the policy's longest backoff is not waited out: the caller gets the error
   * (with {@link LedgerException#retryDelay()}) and decides.
   */
  private <T> Attempted<T> attempt(Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return new Attempted<>(call.get(), attempt);
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        Failures.Details details = Failures.details(e);
        boolean again = attempt < retry.maxAttempts() && Failures.retryable(code, details)
            && (details.retryDelay() == null || details.retryDelay().compareTo(retry.maxBackoff()) <= 0);
        if (!again) {
          throw Failures.toException(e).afterAttempts(attempt);
        }
        try {
          sleeper.sleep(retry.pause(attempt, details.retryDelay(), random));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw Failures.toException(Status.Code.CANCELLED, Failures.Details.NONE,
              "interrupted while waiting to retry after " + code, interrupted).afterAttempts(attempt);
        }
      }
    }
  }

  private static Duration positive(Duration value, String what) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
    return value;
  }

  /** How the client reaches the ledger, authenticates and retries. */
  public static final class Builder {

    private String target = "localhost:9090";
    private List<String> addresses;
    private Channel channel;
    private Path caPem;
    private Path certificatePem;
    private Path keyPem;
    private Supplier<String> bearerTokens;
    private Duration deadline = DEFAULT_DEADLINE;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private String loadBalancing;
    private final DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private final Sleeper sleeper = pause -> Thread.sleep(pause.toMillis(), (int) (pause.toNanosPart() % 1_000_000));

    private Builder() {
    }

    /**
     * A gRPC target: {@code host:port}, or {@code dns:///name:port} (every address the name resolves
     * to, e.g. the pods behind a headless Service, called in turn: {@code round_robin}).
     */
    public Builder target(String value) {
      this.target = Objects.requireNonNull(value);
      this.addresses = null;
      return this;
    }

    /** A fixed list of {@code host:port} instances, called in turn ({@code round_robin}). */
    public Builder addresses(List<String> hostPorts) {
      this.addresses = List.copyOf(hostPorts);
      new StaticAddresses(this.addresses);
      return this;
    }

    /** A channel the caller made (and closes): target, TLS and load balancing are then the channel's. */
    public Builder channel(Channel value) {
      this.channel = Objects.requireNonNull(value);
      return this;
    }

    /** Plaintext (the default): only for a ledger on loopback or inside a mesh that encrypts. */
    public Builder plaintext() {
      this.caPem = null;
      this.certificatePem = null;
      this.keyPem = null;
      return this;
    }

    /** TLS, trusting the CA certificates of the PEM bundle {@code caPem}. */
    public Builder tls(Path caPem) {
      this.caPem = Objects.requireNonNull(caPem);
      return this;
    }

    /** Mutual TLS: as {@link #tls}, presenting the client certificate chain and its private key (PEM, PKCS#8). */
    public Builder mutualTls(Path caPem, Path certificatePem, Path keyPem) {
      this.caPem = Objects.requireNonNull(caPem);
      this.certificatePem = Objects.requireNonNull(certificatePem);
      this.keyPem = Objects.requireNonNull(keyPem);
      return this;
    }

    /** A bearer JWT on every call ({@code authorization: Bearer ...}), asked of {@code tokens} per call. */
    public Builder bearerToken(Supplier<String> tokens) {
      this.bearerTokens = Objects.requireNonNull(tokens);
      return this;
    }

    /** The deadline of each attempt (default 10 s). */
    public Builder deadline(Duration value) {
      this.deadline = positive(value, "deadline");
      return this;
    }

    public Builder retryPolicy(RetryPolicy value) {
      this.retry = Objects.requireNonNull(value);
      return this;
    }

    /**
     * The grpc-java load-balancing policy: {@code round_robin} by default for a {@code dns:} target
     * and for {@link #addresses}, {@code pick_first} otherwise.
     */
    public Builder loadBalancingPolicy(String policy) {
      this.loadBalancing = Objects.requireNonNull(policy);
      return this;
    }

    public LedgerClient build() {
      CallCredentials credentials = bearerTokens == null ? null : new BearerToken(bearerTokens);
      if (channel != null) {
        return new LedgerClient(channel, null, credentials, deadline, retry, random, sleeper);
      }
      ManagedChannelBuilder<?> builder;
      if (addresses != null) {
        @SuppressWarnings("deprecation")
        ManagedChannelBuilder<?> resolved = Grpc.newChannelBuilder(StaticAddresses.SCHEME + ":///ledger", transport())
            .nameResolverFactory(new StaticAddresses(addresses));
        builder = resolved;
      } else {
        builder = Grpc.newChannelBuilder(target, transport());
      }
      String policy = loadBalancing != null ? loadBalancing
          : addresses != null || target.startsWith("dns:") ? "round_robin" : "pick_first";
      ManagedChannel managed = builder.defaultLoadBalancingPolicy(policy).build();
      return new LedgerClient(managed, managed, credentials, deadline, retry, random, sleeper);
    }

    private ChannelCredentials transport() {
      if (caPem == null) {
        return InsecureChannelCredentials.create();
      }
      try {
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder().trustManager(caPem.toFile());
        if (certificatePem != null) {
          tls.keyManager(certificatePem.toFile(), keyPem.toFile());
        }
        return tls.build();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the TLS files " + caPem + ", " + certificatePem + ", " + keyPem, e);
      }
    }
  }
}
