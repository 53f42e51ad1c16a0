package ledger.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.vertx.core.json.JsonObject;
import ledger.domain.AccountId;
import ledger.domain.AccountStatus;
import ledger.store.Checkpoint;
import org.junit.jupiter.api.Test;

class FeedMessageTest {

  private static final Instant AT = Instant.parse("2026-11-23T16:09:24.414473Z");

  @Test
  void changes_and_states_survive_encoding_in_order() {
    FeedMessage message = new FeedMessage(new Checkpoint(812, 4711), List.of(
        new FeedMessage.Change(new AccountView(AccountId.of("acc-1"), -250, "EUR", AccountStatus.FROZEN, 500, 7, 4711,
            AT), "TransferSent", -300),
        FeedMessage.Change.state(new AccountView(AccountId.of("a.b:c_d-9"), Long.MAX_VALUE, "JPY", AccountStatus.OPEN,
            0, 1, 3, AT))));

    FeedMessage decoded = FeedMessage.decode(message.encode());

    assertThat(decoded).isEqualTo(message);
    assertThat(decoded.changes().get(1).isState()).isTrue();
  }

  @Test
  void the_encoding_is_plain_json() {
    String text = new FeedMessage(new Checkpoint(1, 2), List.of()).encode();

    assertThat(new JsonObject(text).getString("checkpoint")).isEqualTo("1:2");
    assertThat(new JsonObject(text).getJsonArray("changes")).isEmpty();
  }

  @Test
  void the_announcement_that_views_were_forgotten_survives_encoding_and_no_batch_looks_like_it() {
    assertThat(FeedMessage.decode(FeedMessage.FORGOTTEN.encode()).viewsForgotten()).isTrue();
    assertThat(new FeedMessage(new Checkpoint(1, 2), List.of()).viewsForgotten()).isFalse();
  }

  @Test
  void a_switch_survives_encoding_and_reads_as_an_empty_batch_to_a_reader_without_generations() {
    FeedMessage switched = FeedMessage.switched(new ledger.store.Checkpoint(7, 9), 2);
    FeedMessage decoded = FeedMessage.decode(switched.encode());
    assertThat(decoded.isSwitch()).isTrue();
    assertThat(decoded.switchedTo()).isEqualTo(2);
    assertThat(decoded.checkpoint()).isEqualTo(new ledger.store.Checkpoint(7, 9));
    assertThat(decoded.changes()).isEmpty();
    assertThat(new io.vertx.core.json.JsonObject(switched.encode()).getString("checkpoint")).isEqualTo("7:9");
    assertThat(FeedMessage.decode(new FeedMessage(new ledger.store.Checkpoint(7, 9), java.util.List.of()).encode())
        .isSwitch()).isFalse();
    assertThat(FeedMessage.decode(FeedMessage.switched(ledger.store.Checkpoint.START, 1).encode()).viewsForgotten())
        .as("a switch of an empty store is not a forgetting").isFalse();
  }

  @Test
  void a_batch_names_its_generation_and_a_batch_without_one_is_of_generation_0() {
    FeedMessage batch = new FeedMessage(new Checkpoint(7, 9), List.of()).appliedTo(3);

    FeedMessage decoded = FeedMessage.decode(batch.encode());

    assertThat(decoded.generation()).isEqualTo(3);
    assertThat(decoded.isSwitch()).as("a batch of generation 3 is no switch").isFalse();
    assertThat(new JsonObject(batch.encode()).getLong("batch_generation")).isEqualTo(3);
    assertThat(FeedMessage.decode("{\"checkpoint\":\"7:9\",\"changes\":[]}").generation()).isZero();
    assertThat(FeedMessage.decode(FeedMessage.switched(new Checkpoint(7, 9), 2).encode()).generation()).isEqualTo(2);
  }
}
