package ledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;

import ledger.app.StoreAudit.StoredEvent;

/** The bank's event store read by an auditor: money conserved, every acknowledged transfer there once, no gaps. */
record BankAudit(Map<String, List<StoredEvent>> streams) {

  static BankAudit of(Map<String, List<StoredEvent>> streams) {
    return new BankAudit(streams);
  }

  void check(Map<String, BankTally.Acked> acked, long fundedMinor) {
    long balances = 0;
    long deposited = 0;
    long withdrawn = 0;
    Map<String, List<String>> legs = new TreeMap<>();
    for (Map.Entry<String, List<StoredEvent>> stream : streams.entrySet()) {
      List<StoredEvent> events = stream.getValue();
      assertThat(events).extracting(StoredEvent::version).as(stream.getKey() + ": versions without gaps")
          .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
      balances += StoreAudit.replay(stream.getKey(), events).balanceMinor();
      for (StoredEvent event : events) {
        long amount = event.payload().getLong("amount_minor", 0L);
        switch (event.type()) {
          case "MoneyDeposited" -> deposited += amount;
          case "MoneyWithdrawn" -> withdrawn += amount;
          case "TransferSent", "TransferReceived" -> legs.computeIfAbsent(event.metadata().getString("command_id"),
              id -> new ArrayList<>()).add(event.type() + " " + stream.getKey() + " " + amount);
          default -> { }
        }
      }
    }
    assertThat(deposited - withdrawn).as("deposits minus withdrawals in the store").isEqualTo(fundedMinor);
    assertThat(balances).as("the sum of the replayed balances").isEqualTo(fundedMinor);
    List<String> wrong = new ArrayList<>();
    acked.forEach((commandId, transfer) -> {
      List<String> expected = List.of("TransferSent " + transfer.from() + " " + transfer.amountMinor(),
          "TransferReceived " + transfer.to() + " " + transfer.amountMinor());
      List<String> found = legs.getOrDefault(commandId, List.of());
      if (found.size() != 2 || !found.containsAll(expected)) {
        wrong.add(commandId + ": expected " + expected + ", the store has " + found);
      }
    });
    legs.forEach((commandId, found) -> {
      if (found.size() != 2) {
        wrong.add(commandId + " (not acknowledged to its client) has " + found);
      }
    });
    assertThat(wrong).as("transfers not in the store exactly once").isEmpty();
    System.out.printf("BankAudit: %d transfers in the store, %d acknowledged, %d outcomes a client never learnt%n",
        legs.size(), acked.size(), legs.keySet().stream().filter(id -> !acked.containsKey(id)).count());
  }
}
