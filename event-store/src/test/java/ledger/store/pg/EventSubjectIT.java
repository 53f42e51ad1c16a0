package ledger.store.pg;

import static ledger.store.pg.StoreFixture.append;
import static ledger.store.pg.StoreFixture.appendBy;
import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountEvent.TransferReceived;
import ledger.domain.AccountEvent.TransferSent;
import ledger.domain.AccountId;
import ledger.domain.CommandId;
import ledger.domain.Currency;
import ledger.store.Append;
import ledger.store.DuplicateCommandException;
import ledger.store.NewEvent;
import ledger.store.RecordedEvent;
import ledger.testkit.Fingerprints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who did it: the caller's subject in every event's metadata and in the command's record. */
class EventSubjectIT {

  private static final Currency USD = Currency.of("USD");
  private static final String METADATA = """
      SELECT stream_version, metadata ? 'subject' AS has_subject, metadata->>'subject' AS subject
      FROM ledger.events WHERE stream_id = $1 ORDER BY stream_version""";
  private static final String COMMAND_SUBJECT = "SELECT subject FROM ledger.commands WHERE command_id = $1";

  @RegisterExtension
  static final StoreFixture fixture = new StoreFixture();
  private static PgEventStore store;

  @BeforeAll
  static void start() {
    store = new PgEventStore(fixture.pool);
  }

  @Test
  void a_subject_is_in_every_event_of_the_command_on_both_streams_and_in_its_record() {
    AccountId from = AccountId.of("subj-from");
    AccountId to = AccountId.of("subj-to");
    await(store.append(appendBy("svc-onboarding", "c-subj-o1", "o1", from, 1, new AccountOpened(USD, 0),
        new MoneyDeposited(500, USD, "seed", 500))));
    await(store.append(appendBy("svc-onboarding", "c-subj-o2", "o2", to, 1, new AccountOpened(USD, 0))));

    await(store.append(new Append(CommandId.of("c-subj-t"), Fingerprints.sha256("t"), "Transfer", "corr-t",
        "CN=payments,O=Acme", List.of(
            new NewEvent(from, 3, new TransferSent(200, USD, to, "rent", 300)),
            new NewEvent(to, 2, new TransferReceived(200, USD, from, "rent", 200))))));

    assertThat(subjects(from)).containsExactly("svc-onboarding", "svc-onboarding", "CN=payments,O=Acme");
    assertThat(subjects(to)).containsExactly("svc-onboarding", "CN=payments,O=Acme");
    assertThat(await(store.readStream(from, 1, 10))).extracting(e -> e.metadata().subject())
        .containsExactly("svc-onboarding", "svc-onboarding", "CN=payments,O=Acme");
    assertThat(await(store.readStream(to, 2, 10)).get(0).metadata().commandId()).isEqualTo("c-subj-t");
    assertThat(commandSubject("c-subj-t")).isEqualTo("CN=payments,O=Acme");
    assertThat(await(store.findCommand(CommandId.of("c-subj-t"))).orElseThrow().subject())
        .isEqualTo("CN=payments,O=Acme");
  }

  @Test
  void an_anonymous_command_stores_no_subject_key_and_reads_as_null() {
    AccountId acc = AccountId.of("subj-anon");

    await(store.append(append("c-anon", "open", acc, 1, new AccountOpened(USD, 0))));

    Row row = await(fixture.pool.preparedQuery(METADATA).execute(Tuple.of(acc.value()))).iterator().next();
    assertThat(row.getBoolean("has_subject")).as("no key at all, as before subjects were recorded").isFalse();
    assertThat(await(store.readStream(acc, 1, 10)).get(0).metadata().subject()).isNull();
    assertThat(commandSubject("c-anon")).isNull();
    assertThat(await(store.findCommand(CommandId.of("c-anon"))).orElseThrow().subject()).isNull();
  }

  @Test
  void one_group_commit_keeps_each_commands_own_subject() {
    List<Append> batch = new ArrayList<>();
    List<String> callers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String subject = i % 3 == 0 ? null : "caller-" + i;
      callers.add(subject);
      batch.add(appendBy(subject, "c-batch-" + i, "b" + i, AccountId.of("subj-batch-" + i), 1,
          new AccountOpened(USD, 0), new MoneyDeposited(i + 1, USD, "", i + 1)));
    }

    await(store.appendAll(batch));

    for (int i = 0; i < 6; i++) {
      List<String> expected = new ArrayList<>();
      expected.add(callers.get(i));
      expected.add(callers.get(i));
      assertThat(subjects(AccountId.of("subj-batch-" + i))).as("account %d", i).isEqualTo(expected);
      assertThat(commandSubject("c-batch-" + i)).as("command %d", i).isEqualTo(callers.get(i));
    }
  }

  @Test
  void a_command_id_taken_by_one_subject_stays_theirs_when_another_appends_with_it() {
    AccountId acc = AccountId.of("subj-taken");
    await(store.append(appendBy("alice", "c-taken", "open", acc, 1, new AccountOpened(USD, 0))));

    assertThatThrownBy(() -> await(store.append(appendBy("mallory", "c-taken", "open", acc, 2,
        new MoneyDeposited(1, USD, "", 1))))).isInstanceOf(DuplicateCommandException.class);
    assertThatThrownBy(() -> await(store.recordNoOp(CommandId.of("c-taken"), Fingerprints.sha256("open"), "Test",
        Map.of(acc, 1L), "mallory"))).isInstanceOf(DuplicateCommandException.class);

    assertThat(subjects(acc)).containsExactly("alice");
    assertThat(commandSubject("c-taken")).isEqualTo("alice");
  }

  @Test
  void a_command_that_changed_nothing_records_who_asked() {
    AccountId acc = AccountId.of("subj-noop");
    await(store.append(append("c-noop-open", "open", acc, 1, new AccountOpened(USD, 0))));

    await(store.recordNoOp(CommandId.of("c-noop"), Fingerprints.sha256("noop"), "FreezeAccount", Map.of(acc, 1L),
        "ops@example.com"));
    await(store.recordNoOp(CommandId.of("c-noop-anon"), Fingerprints.sha256("noop"), "FreezeAccount",
        Map.of(acc, 1L), null));

    assertThat(commandSubject("c-noop")).isEqualTo("ops@example.com");
    assertThat(await(store.findCommand(CommandId.of("c-noop"))).orElseThrow().subject()).isEqualTo("ops@example.com");
    assertThat(commandSubject("c-noop-anon")).isNull();
  }

  @Test
  void an_event_written_before_subjects_were_recorded_reads_with_none() {
    AccountId acc = AccountId.of("subj-old");
    // The shape every row had before migration V6: command_id and correlation_id only.
    await(fixture.pool.query("""
        INSERT INTO ledger.events (stream_id, stream_version, event_type, schema_version, payload, metadata)
        VALUES ('subj-old', 1, 'AccountOpened', 1, '{"currency":"USD"}', '{"command_id":"c-old","correlation_id":"r"}')
        """).execute());

    RecordedEvent old = await(store.readStream(acc, 1, 10)).get(0);

    assertThat(old.metadata().subject()).isNull();
    assertThat(old.metadata().commandId()).isEqualTo("c-old");
  }

  @Test
  void the_stored_subject_cannot_be_rewritten_afterwards() {
    AccountId acc = AccountId.of("subj-fixed");
    await(store.append(appendBy("alice", "c-fixed", "open", acc, 1, new AccountOpened(USD, 0))));

    assertThatThrownBy(() -> await(fixture.pool.query(
        "UPDATE ledger.events SET metadata = metadata || '{\"subject\":\"mallory\"}' WHERE stream_id = 'subj-fixed'")
        .execute())).hasMessageContaining("append-only");

    assertThat(subjects(acc)).containsExactly("alice");
  }

  private static List<String> subjects(AccountId stream) {
    List<String> subjects = new ArrayList<>();
    for (Row row : await(fixture.pool.preparedQuery(METADATA).execute(Tuple.of(stream.value())))) {
      subjects.add(row.getString("subject"));
    }
    return subjects;
  }

  private static String commandSubject(String commandId) {
    return await(fixture.pool.preparedQuery(COMMAND_SUBJECT).execute(Tuple.of(commandId))).iterator().next()
        .getString("subject");
  }
}
