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
}
