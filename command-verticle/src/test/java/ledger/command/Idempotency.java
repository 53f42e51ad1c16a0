package ledger.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ledger.domain.AccountId;
import ledger.readmodel.ConsistencyToken;
import ledger.testkit.Reply;
import ledger.v1.CommandResult;
import ledger.v1.StreamVersion;

/** What every answer to one command id must look like, however often and however concurrently it is sent. */
final class Idempotency {

  private Idempotency() {
  }

  /** Exactly one reply executed the command (at {@code version}); every other is that same result, deduplicated. */
  static void assertOneExecution(List<Reply<CommandResult>> replies, String account, long version) {
    assertOneExecution(replies, Map.of(account, version), 1);
  }

  /**
   * Exactly one reply executed the command, appending {@code events} and leaving each account at its
   * version in {@code versions}; every other reply is that same result, deduplicated.
   */
  static void assertOneExecution(List<Reply<CommandResult>> replies, Map<String, Long> versions, int events) {
    replies.forEach(reply -> assertThat(reply.ok()).as("%s", reply).isTrue());
    List<Reply<CommandResult>> executed = replies.stream().filter(r -> !r.value().getDeduplicated()).toList();
    assertThat(executed).as("replies with deduplicated=false").hasSize(1);
    assertThat(executed.get(0).value().getEventsAppended()).isEqualTo(events);
    CommandResult original = executed.get(0).value();
    assertThat(original.getVersionsList()).as("versions, sorted by account id").containsExactlyElementsOf(
        new TreeMap<>(versions).entrySet().stream()
            .map(v -> StreamVersion.newBuilder().setAccountId(v.getKey()).setVersion(v.getValue()).build())
            .toList());
    ConsistencyToken token = ConsistencyToken.decode(original.getConsistencyToken());
    versions.forEach((account, version) -> assertThat(token.versionOf(AccountId.of(account))).hasValue(version));
    for (Reply<CommandResult> reply : replies) {
      if (reply != executed.get(0)) {
        assertRepeatOf(original, reply);
      }
    }
  }

  /** The reply is the original result again, marked deduplicated, having appended nothing. */
  static void assertRepeatOf(CommandResult original, Reply<CommandResult> reply) {
    assertThat(reply.ok()).as("%s", reply).isTrue();
    CommandResult repeat = reply.value();
    assertThat(repeat.getDeduplicated()).as("%s", reply).isTrue();
    assertThat(repeat.getEventsAppended()).as("%s", reply).isZero();
    assertThat(repeat.getVersionsList()).isEqualTo(original.getVersionsList());
    assertThat(repeat.getGlobalPosition()).isEqualTo(original.getGlobalPosition());
    assertThat(repeat.getConsistencyToken()).isEqualTo(original.getConsistencyToken());
  }
}
