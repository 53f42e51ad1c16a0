package ledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.sqlclient.Row;
import ledger.app.server.Telemetry;
import ledger.testkit.Waits;
import ledger.v1.Balance;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.TransferRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One trace from write to view to read (docs/operations.md, "Tracing"): a grpc-java client sends
 * a W3C traceparent with a Deposit and with the read holding its token; the server's spans, kept
 * by an in-memory exporter, join the client's trace with the right parents.
 */
class TracingIT {

  private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  private static final OpenTelemetrySdk SDK = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
  private static final AttributeKey<String> ACCOUNT = AttributeKey.stringKey("ledger.account_id");

  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture().traced(Telemetry.using(SDK));

  @Test
  void a_deposit_its_apply_and_the_read_with_its_token_are_one_trace_with_the_right_parents() {
    String account = "traced-" + ThreadLocalRandom.current().nextInt(1_000_000);
    commands(null).openAccount(OpenAccountRequest.newBuilder().setCommandId("open-" + account)
        .setAccountId(account).setCurrency("USD").build());
    String traceId = hex(32);
    String writeParent = hex(16);
    String readParent = hex(16);

    CommandResult written = commands(traceparent(traceId, writeParent)).deposit(DepositRequest.newBuilder()
        .setCommandId("dep-" + account).setAccountId(account).setAmountMinor(500).setCurrency("USD").build());
    Balance read = queries(traceparent(traceId, readParent)).getBalance(GetBalanceRequest.newBuilder()
        .setAccountId(account).setConsistencyToken(written.getConsistencyToken()).build());
    assertThat(read.getBalanceMinor()).isEqualTo(500);

    List<SpanData> trace = spansOf(traceId, "ledger.v1.CommandService/Deposit", "ledger.append",
        "ledger.projection.apply", "ledger.v1.QueryService/GetBalance", "ledger.token.wait");
    SpanData deposit = named(trace, "ledger.v1.CommandService/Deposit");
    SpanData append = named(trace, "ledger.append");
    SpanData apply = named(trace, "ledger.projection.apply");
    SpanData getBalance = named(trace, "ledger.v1.QueryService/GetBalance");
    SpanData wait = named(trace, "ledger.token.wait");
    assertThat(deposit.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(deposit.getParentSpanId()).isEqualTo(writeParent);
    assertThat(deposit.getAttributes().get(AttributeKey.stringKey("rpc.method"))).isEqualTo("Deposit");
    assertThat(deposit.getAttributes().get(AttributeKey.longKey("rpc.grpc.status_code"))).isZero();
    assertThat(deposit.getAttributes().get(AttributeKey.stringKey("ledger.correlation_id"))).isNotBlank();
    assertThat(append.getParentSpanId()).isEqualTo(deposit.getSpanId());
    assertThat(append.getAttributes().get(AttributeKey.longKey("ledger.append.batch_size"))).isPositive();
    assertThat(append.getAttributes().get(AttributeKey.stringKey("ledger.append.batch_first_command_id"))).isNotNull();
    assertThat(apply.getParentSpanId()).isEqualTo(append.getSpanId());
    assertThat(apply.getAttributes().get(ACCOUNT)).isEqualTo(account);
    assertThat(getBalance.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(getBalance.getParentSpanId()).isEqualTo(readParent);
    assertThat(wait.getParentSpanId()).isEqualTo(getBalance.getSpanId());
    assertThat(wait.getAttributes().get(AttributeKey.booleanKey("ledger.token.given"))).isTrue();
    // the event carries its append's trace context, beside the metadata it always had
    Row stored = fixture.audit().query("SELECT metadata->>'traceparent' AS traceparent,"
        + " metadata->>'command_id' AS command_id FROM ledger.events WHERE stream_id = $1 AND stream_version = 2",
        account).get(0);
    assertThat(stored.getString("traceparent")).isEqualTo(traceparent(traceId, append.getSpanId()));
    assertThat(stored.getString("command_id")).isEqualTo("dep-" + account);
  }

  @Test
  void a_transfers_apply_shows_on_both_accounts_under_its_append() {
    String from = "t-from-" + ThreadLocalRandom.current().nextInt(1_000_000);
    String to = "t-to-" + ThreadLocalRandom.current().nextInt(1_000_000);
    for (String account : List.of(from, to)) {
      commands(null).openAccount(OpenAccountRequest.newBuilder().setCommandId("open-" + account)
          .setAccountId(account).setCurrency("USD").build());
    }
    commands(null).deposit(DepositRequest.newBuilder().setCommandId("fund-" + from).setAccountId(from)
        .setAmountMinor(1_000).setCurrency("USD").build());
    String traceId = hex(32);

    commands(traceparent(traceId, hex(16))).transfer(TransferRequest.newBuilder().setCommandId("move-" + from)
        .setFromAccountId(from).setToAccountId(to).setAmountMinor(300).setCurrency("USD").build());

    List<SpanData> trace = spansOf(traceId, "ledger.append", "ledger.projection.apply", "ledger.projection.apply");
    SpanData append = named(trace, "ledger.append");
    List<SpanData> applies = trace.stream().filter(span -> span.getName().equals("ledger.projection.apply")).toList();
    assertThat(applies).extracting(span -> span.getAttributes().get(ACCOUNT)).containsExactlyInAnyOrder(from, to);
    assertThat(applies).allSatisfy(span -> assertThat(span.getParentSpanId()).isEqualTo(append.getSpanId()));
  }

  @Test
  void concurrent_commands_each_have_an_append_span_that_names_the_statement_they_shared() throws Exception {
    int commands = 24;
    String prefix = "gc-" + ThreadLocalRandom.current().nextInt(1_000_000) + "-";
    for (int i = 0; i < commands; i++) {
      commands(null).openAccount(OpenAccountRequest.newBuilder().setCommandId("open-" + prefix + i)
          .setAccountId(prefix + i).setCurrency("USD").build());
    }
    String traceId = hex(32);
    CommandServiceGrpc.CommandServiceFutureStub traced = CommandServiceGrpc.newFutureStub(
        channel(traceparent(traceId, hex(16))));

    List<com.google.common.util.concurrent.ListenableFuture<CommandResult>> deposits = new java.util.ArrayList<>();
    for (int i = 0; i < commands; i++) {
      deposits.add(traced.deposit(DepositRequest.newBuilder().setCommandId("dep-" + prefix + i)
          .setAccountId(prefix + i).setAmountMinor(1).setCurrency("USD").build()));
    }
    for (var deposit : deposits) {
      deposit.get();
    }

    List<SpanData> appends = Waits.until("append spans of trace " + traceId, Waits.EVENTUALLY,
        () -> SPANS.getFinishedSpanItems().stream()
            .filter(span -> span.getTraceId().equals(traceId) && span.getName().equals("ledger.append")).toList(),
        spans -> spans.size() >= commands);
    assertThat(appends).hasSize(commands);
    assertThat(appends).extracting(SpanData::getParentSpanId).doesNotHaveDuplicates();
    java.util.Map<String, List<SpanData>> byStatement = appends.stream().collect(java.util.stream.Collectors
        .groupingBy(span -> span.getAttributes().get(AttributeKey.stringKey("ledger.append.batch_first_command_id"))));
    // sent at once, two statements in flight at most: the others queue and share statements
    assertThat(byStatement).as("statements").hasSizeLessThan(commands);
    byStatement.forEach((first, batchMates) -> {
      assertThat(batchMates).extracting(span -> span.getAttributes().get(AttributeKey.longKey("ledger.append.batch_size")))
          .as("statement led by %s", first).containsOnly((long) batchMates.size());
      assertThat(batchMates).extracting(span -> span.getAttributes().get(AttributeKey.stringKey("ledger.command_id")))
          .contains(first);
    });
  }

  /**
   * The trace's spans, once every one of {@code names} (each as often as listed) has ended: the
   * apply ends after the answer, and other spans of the trace (a SQL client's "Query") may come
   * first, so a count of spans is not enough.
   */
  private static List<SpanData> spansOf(String traceId, String... names) {
    java.util.Map<String, Long> wanted = java.util.Arrays.stream(names).collect(java.util.stream.Collectors
        .groupingBy(name -> name, java.util.stream.Collectors.counting()));
    return Waits.until("spans " + wanted + " of trace " + traceId, Waits.EVENTUALLY,
        () -> SPANS.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList(),
        spans -> wanted.entrySet().stream().allMatch(name -> spans.stream()
            .filter(span -> span.getName().equals(name.getKey())).count() >= name.getValue()));
  }

  private static SpanData named(List<SpanData> spans, String name) {
    List<SpanData> found = spans.stream().filter(span -> span.getName().equals(name)).toList();
    assertThat(found).as("spans named %s among %s", name, spans.stream().map(SpanData::getName).toList())
        .hasSize(1);
    return found.get(0);
  }

  private static CommandServiceGrpc.CommandServiceBlockingStub commands(String traceparent) {
    return CommandServiceGrpc.newBlockingStub(channel(traceparent));
  }

  private static QueryServiceGrpc.QueryServiceBlockingStub queries(String traceparent) {
    return QueryServiceGrpc.newBlockingStub(channel(traceparent));
  }

  /** The fixture's grpc-java channel, sending {@code traceparent} as gRPC metadata (none when null). */
  private static Channel channel(String traceparent) {
    if (traceparent == null) {
      return fixture.channel;
    }
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), traceparent);
    return ClientInterceptors.intercept(fixture.channel, MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static String traceparent(String traceId, String parentSpanId) {
    return "00-" + traceId + "-" + parentSpanId + "-01";
  }

  private static String hex(int digits) {
    StringBuilder hex = new StringBuilder(digits);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < digits; i++) {
      hex.append(Character.forDigit(i == 0 ? 1 + random.nextInt(15) : random.nextInt(16), 16));
    }
    return hex.toString();
  }
}
