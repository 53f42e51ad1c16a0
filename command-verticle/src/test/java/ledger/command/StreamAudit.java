package ledger.command;

import static ledger.command.Versions.versionOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

import ledger.command.Hammer.Op;
import ledger.command.LedgerTables.StoredEvent;
import ledger.domain.AccountId;
import ledger.readmodel.ConsistencyToken;
import ledger.testkit.Reply;
import ledger.v1.CommandResult;

/**
 * Checks an account's stream against what its clients were told: every accepted operation
 * is in it exactly once at the version it was given, nothing else is, versions run 1..N,
 * and every recorded balance respects the overdraft limit.
 */
final class StreamAudit {

  private StreamAudit() {
  }

  /** The stream must hold the AccountOpened event (command {@code openCommandId}) and the accepted ops, nothing more. */
  static void assertStreamHoldsExactlyTheAcceptedOps(LedgerTables tables, String account, String openCommandId,
                                                       long overdraftLimit, List<Op> ops) {
    List<StoredEvent> events = tables.events(account);
    List<Op> accepted = ops.stream().filter(op -> op.last().ok()).toList();

    assertThat(events).extracting(StoredEvent::version)
        .as("stream versions are exactly 1..N")
        .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
    assertThat(events.get(0).type()).isEqualTo("AccountOpened");
    assertThat(events.get(0).commandId()).isEqualTo(openCommandId);
    assertThat(events).as("one event per accepted operation, and none for a refused one")
        .hasSize(1 + accepted.size());
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).globalPosition()).as("positions grow with versions")
          .isGreaterThan(events.get(i - 1).globalPosition());
    }

    Map<String, StoredEvent> byCommand = new HashMap<>();
    for (StoredEvent event : events.subList(1, events.size())) {
      assertThat(byCommand.put(event.commandId(), event)).as("command %s wrote two events", event.commandId()).isNull();
    }
    for (Op op : accepted) {
      StoredEvent event = byCommand.get(op.commandId());
      assertThat(event).as("event of accepted %s", op).isNotNull();
      assertThat(event.type()).isEqualTo(op.withdrawal() ? "MoneyWithdrawn" : "MoneyDeposited");
      assertThat(event.amount()).isEqualTo(op.amount());
      Reply<CommandResult> reply = op.last();
      assertThat(versionOf(reply, account)).as("version told to %s", op.commandId()).isEqualTo(event.version());
      assertThat(reply.value().getGlobalPosition()).isEqualTo(event.globalPosition());
      assertThat(reply.value().getDeduplicated()).isFalse();
      assertThat(reply.value().getEventsAppended()).isEqualTo(1);
      assertThat(ConsistencyToken.decode(reply.value().getConsistencyToken()).versionOf(AccountId.of(account)))
          .hasValue(event.version());
    }

    Set<String> recorded = new HashSet<>();
    recorded.add(openCommandId);
    accepted.forEach(op -> recorded.add(op.commandId()));
    assertThat(tables.commandIdsTouching(account)).as("idempotency records: the accepted commands only")
        .isEqualTo(recorded);

    long balance = 0;
    for (StoredEvent event : events.subList(1, events.size())) {
      balance += event.delta();
      assertThat(event.balanceAfter()).as("balance_after_minor of version %d", event.version()).isEqualTo(balance);
      assertThat(event.balanceAfter()).as("balance_after_minor of version %d", event.version())
          .isGreaterThanOrEqualTo(-overdraftLimit);
    }
    long sumOfAccepted = accepted.stream().mapToLong(Op::delta).sum();
    assertThat(tables.foldedBalance(account)).as("fold of ledger.events").isEqualTo(sumOfAccepted);

    Reply<CommandResult> lastResult = accepted.stream()
        .map(Op::last)
        .max(Comparator.comparingLong(reply -> versionOf(reply, account)))
        .orElseThrow();
    StoredEvent lastEvent = events.get(events.size() - 1);
    assertThat(versionOf(lastResult, account)).as("the last CommandResult names the head").isEqualTo(events.size());
    assertThat(lastResult.value().getGlobalPosition()).isEqualTo(lastEvent.globalPosition());
    assertThat(lastEvent.balanceAfter()).as("balance at the last CommandResult's version").isEqualTo(sumOfAccepted);
  }
}
