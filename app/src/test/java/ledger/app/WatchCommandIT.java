package ledger.app;

import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import ledger.testkit.TcpRelay;
import ledger.testkit.TestInfra;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.OpenAccountRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ./ledger watch} run in this JVM against a ledger behind a relay that cuts its
 * connection while deposits go on: each version printed once, in order, with its delta, and a
 * line on stderr for each reconnection; a refusal ends it with the reason, as other commands print it.
 */
class WatchCommandIT {

  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture();

  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final int CUTS = 3;
  /** v12     2026-12-07T01:48:54.898830Z  MoneyDeposited +1.12  5.34 EUR  (OPEN) */
  private static final Pattern LINE =
      Pattern.compile("v(\\d+) +\\S+  (now|MoneyDeposited \\+(\\d+\\.\\d\\d))  (-?\\d+\\.\\d\\d) EUR  \\(OPEN\\)");
  private static final Pattern RESUME = Pattern.compile("disconnected \\(UNAVAILABLE.*\\); resuming from v(\\d+) in \\d+ ms.*");

  @Test
  void watch_prints_every_version_once_with_its_delta_across_cuts_and_says_when_it_resumes() throws Exception {
    CommandServiceGrpc.newBlockingStub(fixture.channel).withDeadlineAfter(LIMIT).openAccount(OpenAccountRequest
        .newBuilder().setCommandId("open-watched").setAccountId("watched").setCurrency("EUR").build());
    try (TcpRelay relay = TcpRelay.to(fixture.clientVertx, "127.0.0.1", fixture.grpcPort)) {
      WatchRun watch = WatchRun.start("127.0.0.1:" + relay.port(), "watched");
      until("the first line, the current state", LIMIT, watch::out, l -> !l.isEmpty());

      Map<Long, Long> amountAt = new ConcurrentHashMap<>();
      AtomicBoolean depositing = new AtomicBoolean(true);
      CompletableFuture<Void> deposits = CompletableFuture.runAsync(() -> {
        for (int i = 1; depositing.get(); i++) {
          long amount = 100 + i;
          amountAt.put(CommandServiceGrpc.newBlockingStub(fixture.channel).withDeadlineAfter(LIMIT)
              .deposit(DepositRequest.newBuilder().setCommandId("watched-" + i).setAccountId("watched")
                  .setAmountMinor(amount).setCurrency("EUR").build())
              .getVersions(0).getVersion(), amount);
        }
      });
      for (int cut = 1; cut <= CUTS; cut++) {
        int resumed = cut - 1;
        until("a resume and three lines after it, before cut " + cut, LIMIT,
            () -> resumes(watch).size() >= resumed && linesAfterResume(watch, resumed) >= 3, done -> done);
        assertThat(relay.cutConnectionsThatSent("")).as("connections cut at cut " + cut).isPositive();
      }
      depositing.set(false);
      deposits.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
      long last = 1 + amountAt.size();
      until("the line of the last deposit, v" + last, LIMIT, watch::out,
          l -> !l.isEmpty() && version(l.get(l.size() - 1)) == last);
      assertThat(watch.stop(LIMIT)).as("exit code when stopped").isZero();

      List<String> printed = watch.out();
      assertThat(printed.stream().map(WatchCommandIT::version).toList()).as("every version once, in order")
          .containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
      assertThat(match(printed.get(0)).group(2)).isEqualTo("now");
      long balance = 0;
      for (String line : printed.subList(1, printed.size())) {
        Matcher change = match(line);
        long amount = amountAt.get(Long.parseLong(change.group(1)));
        balance += amount;
        assertThat(change.group(3)).as(line).isEqualTo(String.format("%d.%02d", amount / 100, amount % 100));
        assertThat(change.group(4)).as(line + ": the balance after it")
            .isEqualTo(String.format("%d.%02d", balance / 100, balance % 100));
      }
      assertThat(resumes(watch)).as("a resume line for each cut, each from a version printed next")
          .hasSizeGreaterThanOrEqualTo(CUTS).allMatch(from -> from >= 2 && from <= last);
      System.out.printf("WatchCommandIT: %d lines, stderr:%n%s%n", printed.size(), String.join("\n", watch.err()));
    }
  }

  @Test
  void watching_an_account_that_does_not_exist_exits_1_with_the_reason() {
    CliRun run = CliRun.of(fixture, "watch", "nobody");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.lines()).hasSize(2);
    assertThat(run.lines().get(0)).startsWith("error: NOT_FOUND ACCOUNT_NOT_FOUND: ");
    assertThat(run.lines().get(1)).isEqualTo("  account_id = nobody");
  }

  @Test
  void a_ledger_that_cannot_be_reached_at_the_start_exits_3_as_the_other_commands_do() {
    CliRun run = CliRun.at("127.0.0.1:" + TestInfra.freePort(), List.of("watch", "anyone"));
    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.lines()).singleElement().asString().startsWith("error: cannot reach the ledger at 127.0.0.1:");
  }

  @Test
  void a_watch_waiting_for_a_version_ahead_that_loses_its_connection_resumes_instead_of_exiting_3() throws Exception {
    CommandServiceGrpc.newBlockingStub(fixture.channel).withDeadlineAfter(LIMIT).openAccount(OpenAccountRequest
        .newBuilder().setCommandId("open-ahead").setAccountId("ahead").setCurrency("EUR").build());
    try (TcpRelay relay = TcpRelay.resettingTo(fixture.clientVertx, "127.0.0.1", fixture.grpcPort)) {
      WatchRun watch = WatchRun.start("127.0.0.1:" + relay.port(), "ahead", "--from-version", "3");
      // Connected and asked (the account id is in the request's bytes), but no message yet: v3 does not exist.
      until("the watch's call through the relay", LIMIT, () -> relay.connectionsThatSent("ahead"), n -> n > 0);
      assertThat(relay.cutConnectionsThatSent("ahead")).isPositive();
      until("a resume from v3", LIMIT, watch::err, l -> l.stream().anyMatch(line -> line.matches(
          "disconnected \\(UNAVAILABLE.*\\); resuming from v3 in \\d+ ms.*")));

      for (int i = 1; i <= 2; i++) {
        CommandServiceGrpc.newBlockingStub(fixture.channel).withDeadlineAfter(LIMIT).deposit(DepositRequest
            .newBuilder().setCommandId("ahead-" + i).setAccountId("ahead").setAmountMinor(100 * i).setCurrency("EUR")
            .build());
      }
      until("the line of v3, the version waited for", LIMIT, watch::out, l -> !l.isEmpty());
      System.out.printf("WatchCommandIT, ahead: stderr:%n%s%n", String.join("\n", watch.err()));
      assertThat(watch.stop(LIMIT)).as("exit code when stopped, not 3: the ledger was reached").isZero();
      assertThat(watch.out()).singleElement().satisfies(line -> {
        assertThat(version(line)).isEqualTo(3);
        assertThat(match(line).group(3)).isEqualTo("2.00");
      });
    }
  }

  private static List<Long> resumes(WatchRun watch) {
    return watch.err().stream().map(RESUME::matcher).filter(Matcher::matches)
        .map(m -> Long.parseLong(m.group(1))).toList();
  }

  /** Lines printed from the {@code n}th resume's version on (all of them before the first). */
  private static long linesAfterResume(WatchRun watch, int n) {
    long from = n == 0 ? 1 : resumes(watch).get(n - 1);
    return watch.out().stream().filter(line -> version(line) >= from).count();
  }

  private static long version(String line) {
    return Long.parseLong(match(line).group(1));
  }

  private static Matcher match(String line) {
    Matcher matcher = LINE.matcher(line);
    assertThat(matcher.matches()).as("a watch line: " + line).isTrue();
    return matcher;
  }
}
