package ledger.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import io.vertx.core.json.JsonObject;
import ledger.domain.AccountEvent;
import ledger.domain.AccountEvent.AccountClosed;
import ledger.domain.AccountEvent.AccountFrozen;
import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountEvent.AccountUnfrozen;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountEvent.MoneyWithdrawn;
import ledger.domain.AccountEvent.TransferReceived;
import ledger.domain.AccountEvent.TransferSent;
import ledger.domain.AccountId;
import ledger.domain.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {

  private static final Currency USD = Currency.of("USD");

  private static final Map<Class<?>, AccountEvent> SAMPLES = Map.of(
      AccountOpened.class, new AccountOpened(Currency.of("JPY"), 5_000),
      MoneyDeposited.class, new MoneyDeposited(1_250, USD, "invoice-42", 5_000),
      MoneyWithdrawn.class, new MoneyWithdrawn(9_000, USD, "", -4_000),
      TransferSent.class, new TransferSent(700, USD, AccountId.of("payee"), "rent", -700),
      TransferReceived.class, new TransferReceived(700, USD, AccountId.of("payer"), "rent", 1_700),
      AccountFrozen.class, new AccountFrozen("court order 17"),
      AccountUnfrozen.class, new AccountUnfrozen("order lifted"),
      AccountClosed.class, new AccountClosed());

  /** The stored names: the storage and wire contract, written out so that no class name can leak into it. */
  private static final Map<Class<?>, String> STORED_TYPES = Map.of(
      AccountOpened.class, "AccountOpened",
      MoneyDeposited.class, "MoneyDeposited",
      MoneyWithdrawn.class, "MoneyWithdrawn",
      TransferSent.class, "TransferSent",
      TransferReceived.class, "TransferReceived",
      AccountFrozen.class, "AccountFrozen",
      AccountUnfrozen.class, "AccountUnfrozen",
      AccountClosed.class, "AccountClosed");

  static Stream<Class<?>> eventTypes() {
    return Arrays.stream(AccountEvent.class.getPermittedSubclasses());
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void every_event_type_survives_encoding_and_decoding(Class<?> type) {
    AccountEvent event = sampleOf(type);

    EventCodec.Encoded encoded = EventCodec.encode(event);

    assertThat(encoded.type()).isEqualTo(storedTypeOf(type));
    assertThat(encoded.schemaVersion()).isEqualTo(EventCodec.currentVersion(storedTypeOf(type)));
    assertThat(EventCodec.decode(encoded.type(), encoded.schemaVersion(), encoded.payload())).isEqualTo(event);
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void every_event_type_has_its_contract_name_whatever_its_class_is_called(Class<?> type) {
    assertThat(EventCodec.typeOf(sampleOf(type))).isEqualTo(storedTypeOf(type));
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void every_event_type_survives_being_stored_as_json_text(Class<?> type) {
    AccountEvent event = sampleOf(type);
    EventCodec.Encoded encoded = EventCodec.encode(event);

    JsonObject stored = new JsonObject(encoded.payload().encode());

    assertThat(EventCodec.decode(encoded.type(), encoded.schemaVersion(), stored)).isEqualTo(event);
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void every_payload_field_name_is_snake_case(Class<?> type) {
    assertThat(EventCodec.encode(sampleOf(type)).payload().fieldNames())
        .allSatisfy(name -> assertThat(name).matches("[a-z]+(_[a-z]+)*"));
  }

  @Test
  void a_deposit_is_stored_under_its_contract_field_names() {
    EventCodec.Encoded encoded = EventCodec.encode(new MoneyDeposited(1_250, USD, "invoice-42", 5_000));

    assertThat(encoded.type()).isEqualTo("MoneyDeposited");
    assertThat(encoded.payload().fieldNames())
        .containsExactlyInAnyOrder("amount_minor", "currency", "reference", "balance_after_minor");
    assertThat(encoded.payload()).isEqualTo(new JsonObject(
        "{\"amount_minor\":1250,\"currency\":\"USD\",\"reference\":\"invoice-42\",\"balance_after_minor\":5000}"));
  }

  @Test
  void an_unknown_event_type_is_refused() {
    assertThatThrownBy(() -> EventCodec.decode("MoneyTeleported", 1, new JsonObject()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MoneyTeleported");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2, -1})
  void an_unknown_schema_version_is_refused(int schemaVersion) {
    JsonObject payload = EventCodec.encode(SAMPLES.get(MoneyDeposited.class)).payload();

    assertThatThrownBy(() -> EventCodec.decode("MoneyDeposited", schemaVersion, payload))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema version " + schemaVersion);
  }

  private static AccountEvent sampleOf(Class<?> type) {
    AccountEvent sample = SAMPLES.get(type);
    if (sample == null) {
      return fail("add a sample for " + type.getName() + " to " + EventCodecTest.class.getSimpleName());
    }
    assertThat(sample).isInstanceOf(type);
    return sample;
  }

  @Test
  void a_version_1_account_opening_reads_as_an_account_without_overdraft() {
    AccountEvent read = EventCodec.decode("AccountOpened", 1, new JsonObject("{\"currency\":\"EUR\"}"));

    assertThat(read).isEqualTo(new AccountOpened(Currency.of("EUR"), 0));
  }

  @Test
  void a_version_1_account_opening_that_already_named_an_overdraft_keeps_it() {
    AccountEvent read = EventCodec.decode("AccountOpened", 1,
        new JsonObject("{\"currency\":\"EUR\",\"overdraft_limit_minor\":300}"));

    assertThat(read).isEqualTo(new AccountOpened(Currency.of("EUR"), 300));
  }

  @Test
  void an_account_opening_from_a_future_version_is_refused() {
    assertThatThrownBy(() -> EventCodec.decode("AccountOpened", 3, new JsonObject("{\"currency\":\"EUR\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema version 3");
  }

  private static String storedTypeOf(Class<?> type) {
    String stored = STORED_TYPES.get(type);
    if (stored == null) {
      return fail("name the stored type of " + type.getName() + " in " + EventCodecTest.class.getSimpleName());
    }
    return stored;
  }
}
