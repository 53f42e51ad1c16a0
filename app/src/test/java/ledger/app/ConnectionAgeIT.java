package ledger.app;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import ledger.app.server.ConnectionSettings;
import ledger.testkit.GrpcJava;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.OpenAccountRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * --max-connection-age-ms: a connection that old is sent GOAWAY, so clients reconnect (and, behind
 * a Service, spread again over the instances); a grpc-java channel does so without failing a call.
 */
class ConnectionAgeIT {

  private static final Duration AGE = Duration.ofMillis(1000);
  /** As many callers as GracefulShutdownIT found it takes for calls to be in flight at each GOAWAY. */
  private static final int CALLERS = 16;
  /** GOAWAYs the loaded channel must see: about six seconds of load at an age of 1 s. */
  private static final int AGES = 5;

  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withOperations(config.operations()
      .withConnections(new ConnectionSettings(Duration.ofSeconds(60), Duration.ofSeconds(20), AGE,
          Duration.ofSeconds(2)))));

  @Test
  void a_connection_at_its_maximum_age_is_sent_goaway() {
    AtomicInteger goAways = new AtomicInteger();
    var client = fixture.clientVertx.httpClientBuilder()
        .with(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false))
        .with(new PoolOptions().setHttp2MaxSize(1))
        .withConnectHandler(connection -> connection.goAwayHandler(goAway -> goAways.incrementAndGet()))
        .build();
    try {
      long started = System.nanoTime();
      await(client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
          .setPort(fixture.grpcPort).setURI("/")).compose(request -> request.send()));
      until("a GOAWAY", Duration.ofSeconds(10), goAways::get, n -> n >= 1);
      assertThat((System.nanoTime() - started) / 1_000_000).as("ms until the GOAWAY")
          .isGreaterThanOrEqualTo((long) (AGE.toMillis() * (1 - ConnectionSettings.AGE_JITTER)) - 50);
    } finally {
      client.close();
    }
  }

  @Test
  void a_grpc_java_channel_reconnects_after_each_goaway_and_no_call_fails() {
    ManagedChannel channel = GrpcJava.channel(fixture.grpcPort);
    try {
      CommandServiceGrpc.CommandServiceBlockingStub commands = CommandServiceGrpc.newBlockingStub(channel);
      commands.withDeadlineAfter(Duration.ofSeconds(10)).openAccount(OpenAccountRequest.newBuilder()
          .setCommandId("open-aged").setAccountId("aged").setCurrency("EUR").build());
      AtomicInteger leftReady = new AtomicInteger();
      watchReady(channel, leftReady);
      List<StatusRuntimeException> failures = new ArrayList<>();
      int calls = 0;
      // Calls keep going until the channel has lost its connection to ageing at least three times.
      while (leftReady.get() < 3) {
        if (calls > 20_000) {
          throw new AssertionError("the connection was not aged: " + leftReady.get() + " reconnects");
        }
        try {
          commands.withDeadlineAfter(Duration.ofSeconds(10)).deposit(DepositRequest.newBuilder()
              .setCommandId("aged-" + calls).setAccountId("aged").setAmountMinor(1).setCurrency("EUR").build());
        } catch (StatusRuntimeException e) {
          failures.add(e);
        }
        calls++;
      }
      System.out.printf("ConnectionAgeIT: %d calls across %d GOAWAYs%n", calls, leftReady.get());
      assertThat(failures).as("calls that failed across %d GOAWAYs (%d calls)", leftReady.get(), calls).isEmpty();
    } finally {
      GrpcJava.close(channel);
    }
  }

  /**
   * The steady-state twin of the SIGTERM drain: 16 callers keep unary calls in flight on one
   * channel while its connection is aged again and again. A call still running at a GOAWAY must be
   * answered within the grace, not cut; no caller retries, so every failure counts; and the server
   * must log no ERROR (the NullPointerException vertx-core 5.0.7 logs when an answer meets a closed
   * stream, docs/operations.md).
   */
  @Test
  void sixteen_concurrent_callers_across_connection_ages_fail_no_call_and_the_server_logs_no_error()
      throws InterruptedException {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    ManagedChannel channel = GrpcJava.channel(fixture.grpcPort);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong calls = new AtomicLong();
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    List<Thread> callers = new ArrayList<>();
    try {
      CommandServiceGrpc.CommandServiceBlockingStub commands = CommandServiceGrpc.newBlockingStub(channel);
      for (int caller = 0; caller < CALLERS; caller++) {
        commands.withDeadlineAfter(Duration.ofSeconds(10)).openAccount(OpenAccountRequest.newBuilder()
            .setCommandId("open-loaded-" + caller).setAccountId("loaded-" + caller).setCurrency("EUR").build());
      }
      AtomicInteger leftReady = new AtomicInteger();
      watchReady(channel, leftReady);
      long started = System.nanoTime();
      IntStream.range(0, CALLERS).forEach(caller -> callers.add(new Thread(() -> {
        for (int n = 0; !stop.get(); n++) {
          try {
            commands.withDeadlineAfter(Duration.ofSeconds(10)).deposit(DepositRequest.newBuilder()
                .setCommandId("loaded-" + caller + "-" + n).setAccountId("loaded-" + caller).setAmountMinor(1)
                .setCurrency("EUR").build());
          } catch (StatusRuntimeException e) {
            failures.add(e.getStatus().getCode() + " " + e.getStatus().getDescription());
          }
          calls.incrementAndGet();
        }
      }, "aged-caller-" + caller)));
      callers.forEach(Thread::start);
      until(AGES + " GOAWAYs under load", Duration.ofSeconds(60), leftReady::get, n -> n >= AGES);
      stop.set(true);
      for (Thread caller : callers) {
        caller.join(Duration.ofSeconds(30).toMillis());
      }
      System.out.printf("ConnectionAgeIT: %d callers, %d calls across %d GOAWAYs in %d ms, %d failed%n", CALLERS,
          calls.get(), leftReady.get(), (System.nanoTime() - started) / 1_000_000, failures.size());
    } finally {
      stop.set(true);
      GrpcJava.close(channel);
      root.detachAppender(log);
    }
    Map<String, Integer> failed = new TreeMap<>();
    failures.forEach(failure -> failed.merge(failure, 1, Integer::sum));
    List<String> errors;
    synchronized (log) {
      errors = log.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
          .map(event -> event.getLoggerName() + ": " + event.getFormattedMessage()
              + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getClassName() + ": "
              + event.getThrowableProxy().getMessage()))
          .toList();
    }
    System.out.printf("ConnectionAgeIT: failed calls %s; %d ERRORs logged%n", failed, errors.size());
    assertThat(failed).as("failed calls by status, of %d", calls.get()).isEmpty();
    assertThat(errors).as("ERRORs the server logged under connection ageing").isEmpty();
  }

  /** Counts each time the channel leaves READY: its connection went away (GOAWAY), and the next call reconnects. */
  private static void watchReady(ManagedChannel channel, AtomicInteger leftReady) {
    ConnectivityState now = channel.getState(false);
    channel.notifyWhenStateChanged(now, () -> {
      if (now == ConnectivityState.READY) {
        leftReady.incrementAndGet();
      }
      watchReady(channel, leftReady);
    });
  }
}
