package ledger.store.pg;

import static ledger.store.pg.StoreFixture.append;
import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.vertx.sqlclient.Row;
import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountId;
import ledger.domain.CommandId;
import ledger.domain.Currency;
import ledger.store.AppendResult;
import ledger.store.CommandRecord;
import ledger.store.DuplicateCommandException;
import ledger.store.RecordedEvent;
import ledger.store.StreamConflictException;
import ledger.testkit.Fingerprints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PgEventStoreIT {

  private static final Currency USD = Currency.of("USD");
  @RegisterExtension
  static final StoreFixture fixture = new StoreFixture();
  private static PgEventStore store;

  @BeforeAll
  static void start() {
    store = new PgEventStore(fixture.pool);
  }

  @Test
  void appended_events_read_back_in_version_order_with_their_metadata() {
    AccountId acc = AccountId.of("read-back");
    AppendResult first = await(store.append(append("c-rb-1", "open", acc, 1, new AccountOpened(USD, 500))));
    AppendResult second = await(store.append(append("c-rb-2", "dep", acc, 2,
        new MoneyDeposited(100, USD, "salary", 100), new MoneyDeposited(50, USD, "bonus", 150))));

    List<RecordedEvent> events = await(store.readStream(acc, 1, 100));

    assertThat(events).extracting(RecordedEvent::version).containsExactly(1L, 2L, 3L);
    assertThat(events).extracting(RecordedEvent::event).containsExactly(new AccountOpened(USD, 500),
        new MoneyDeposited(100, USD, "salary", 100), new MoneyDeposited(50, USD, "bonus", 150));
    assertThat(events.get(2).metadata().commandId()).isEqualTo("c-rb-2");
    assertThat(events.get(2).metadata().correlationId()).isEqualTo("corr-c-rb-2");
    assertThat(second.globalPosition()).isEqualTo(events.get(2).globalPosition());
    assertThat(second.globalPosition()).isGreaterThan(first.globalPosition());
    assertThat(events.get(1).recordedAt()).isEqualTo(events.get(2).recordedAt());
    assertThat(await(store.readStream(acc, 3, 100))).hasSize(1);
  }

  @Test
  void payload_is_plain_json_an_auditor_can_query() {
    AccountId acc = AccountId.of("audit");
    await(store.append(append("c-au-1", "open", acc, 1, new AccountOpened(USD, 0))));
    await(store.append(append("c-au-2", "dep", acc, 2, new MoneyDeposited(1250, USD, "ref-1", 1250))));

    Row row = await(fixture.pool.query("SELECT event_type, schema_version, payload->>'amount_minor' AS amount, "
        + "payload->>'currency' AS currency, metadata->>'command_id' AS cmd FROM ledger.events "
        + "WHERE stream_id = 'audit' AND stream_version = 2").execute()).iterator().next();

    assertThat(row.getString("event_type")).isEqualTo("MoneyDeposited");
    assertThat(row.getInteger("schema_version")).isEqualTo(1);
    assertThat(row.getString("amount")).isEqualTo("1250");
    assertThat(row.getString("currency")).isEqualTo("USD");
    assertThat(row.getString("cmd")).isEqualTo("c-au-2");
  }

  @Test
  void a_taken_stream_version_is_a_conflict_and_appends_nothing() {
    AccountId acc = AccountId.of("conflict");
    await(store.append(append("c-cf-1", "open", acc, 1, new AccountOpened(USD, 0))));

    assertThatThrownBy(() -> await(store.append(append("c-cf-2", "again", acc, 1, new AccountOpened(USD, 0)))))
        .isInstanceOf(StreamConflictException.class);

    assertThat(await(store.readStream(acc, 1, 100))).hasSize(1);
    assertThat(await(store.findCommand(CommandId.of("c-cf-2")))).isEmpty();
  }

  @Test
  void a_recorded_command_id_is_a_duplicate_and_appends_nothing() {
    AccountId acc = AccountId.of("dup");
    await(store.append(append("c-dup", "open", acc, 1, new AccountOpened(USD, 0))));

    assertThatThrownBy(() -> await(store.append(append("c-dup", "open", acc, 2, new MoneyDeposited(1, USD, "", 1)))))
        .isInstanceOf(DuplicateCommandException.class);

    assertThat(await(store.readStream(acc, 1, 100))).hasSize(1);
  }

  @Test
  void the_command_record_holds_the_result_of_its_append() {
    AccountId acc = AccountId.of("record");
    AppendResult result = await(store.append(append("c-rec", "open", acc, 1, new AccountOpened(USD, 0))));

    CommandRecord record = await(store.findCommand(CommandId.of("c-rec"))).orElseThrow();

    assertThat(record.fingerprint()).isEqualTo(Fingerprints.sha256("open"));
    assertThat(record.versions()).isEqualTo(Map.of(acc, 1L));
    assertThat(record.checkpoint()).isEqualTo(result.checkpoint());
    assertThat(record.commandType()).isEqualTo("Test");
  }

  @Test
  void events_cannot_be_changed_or_deleted() {
    AccountId acc = AccountId.of("immutable");
    await(store.append(append("c-im", "open", acc, 1, new AccountOpened(USD, 0))));

    assertThatThrownBy(() -> await(fixture.pool.query(
        "UPDATE ledger.events SET payload = '{}' WHERE stream_id = 'immutable'").execute()))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> await(fixture.pool.query(
        "DELETE FROM ledger.events WHERE stream_id = 'immutable'").execute()))
        .hasMessageContaining("append-only");
    assertThat(await(store.readStream(acc, 1, 100))).hasSize(1);
  }
}
