package ledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SessionTokensTest {

  private static CommandOutcome wrote(String token, long position, Map<String, Long> versions) {
    return new CommandOutcome("cmd", token, position, versions, false, 1, 1);
  }

  @Test
  void a_session_without_writes_sends_no_token() {
    assertThat(new SessionTokens().tokenFor("a")).isEmpty();
  }

  @Test
  void a_read_of_a_written_account_sends_the_token_of_its_newest_version() {
    SessionTokens tokens = new SessionTokens();
    tokens.record(wrote("t-a2", 10, Map.of("a", 2L)));
    tokens.record(wrote("t-b1", 11, Map.of("b", 1L)));

    assertThat(tokens.tokenFor("a")).isEqualTo("t-a2");
    assertThat(tokens.tokenFor("b")).isEqualTo("t-b1");
  }

  @Test
  void tokens_only_move_forward_even_when_results_arrive_out_of_order() {
    SessionTokens tokens = new SessionTokens();
    tokens.record(wrote("t-a5", 20, Map.of("a", 5L)));
    tokens.record(wrote("t-a4", 19, Map.of("a", 4L)));

    assertThat(tokens.tokenFor("a")).isEqualTo("t-a5");
    assertThat(tokens.versionOf("a")).isEqualTo(5);
    // An account the session never wrote waits for its latest write (by position).
    assertThat(tokens.tokenFor("z")).isEqualTo("t-a5");
  }

  @Test
  void a_transfer_moves_both_accounts_forward() {
    SessionTokens tokens = new SessionTokens();
    tokens.record(wrote("t-a1", 1, Map.of("a", 1L)));
    tokens.record(wrote("t-ab", 3, Map.of("a", 2L, "b", 7L)));

    assertThat(tokens.tokenFor("a")).isEqualTo("t-ab");
    assertThat(tokens.tokenFor("b")).isEqualTo("t-ab");
  }

  @Test
  void the_exported_session_resumes_elsewhere_with_the_same_tokens() {
    SessionTokens tokens = new SessionTokens();
    tokens.record(wrote("v1.AAA", 4, Map.of("tenant:a", 3L)));
    tokens.record(wrote("v1.BBB", 9, Map.of("b", 1L, "c", 2L)));
    String exported = tokens.export();

    SessionTokens elsewhere = new SessionTokens();
    elsewhere.merge(exported);

    assertThat(exported).startsWith("ls1.").matches("[A-Za-z0-9._-]+");
    assertThat(elsewhere.tokenFor("tenant:a")).isEqualTo("v1.AAA");
    assertThat(elsewhere.tokenFor("c")).isEqualTo("v1.BBB");
    assertThat(elsewhere.tokenFor("never-written")).isEqualTo("v1.BBB");
    assertThat(elsewhere.versionOf("tenant:a")).isEqualTo(3);
    assertThat(elsewhere.export()).isEqualTo(exported);
  }

  @Test
  void merging_keeps_the_newer_write_per_account_and_the_later_latest() {
    SessionTokens mine = new SessionTokens();
    mine.record(wrote("mine-a3", 30, Map.of("a", 3L)));
    mine.record(wrote("mine-b1", 5, Map.of("b", 1L)));
    SessionTokens theirs = new SessionTokens();
    theirs.record(wrote("theirs-a2", 20, Map.of("a", 2L)));
    theirs.record(wrote("theirs-b4", 40, Map.of("b", 4L)));

    mine.merge(theirs.export());

    assertThat(mine.tokenFor("a")).isEqualTo("mine-a3");
    assertThat(mine.tokenFor("b")).isEqualTo("theirs-b4");
    assertThat(mine.tokenFor("other")).isEqualTo("theirs-b4");
  }

  @Test
  void the_book_keeps_the_accounts_written_most_recently_and_stays_small() {
    SessionTokens tokens = new SessionTokens();
    for (int i = 0; i < 40; i++) {
      tokens.record(wrote("v1.token-of-write-" + i + "-padded-to-a-realistic-length-xxxxxxxxxxxxxxxxx", i,
          Map.of("account-" + i, 1L)));
    }

    assertThat(tokens.versionOf("account-39")).isEqualTo(1);
    assertThat(tokens.versionOf("account-" + (40 - SessionTokens.MAX_ACCOUNTS))).isEqualTo(1);
    assertThat(tokens.versionOf("account-" + (39 - SessionTokens.MAX_ACCOUNTS))).isZero();
    // Evicted accounts wait for the latest write, which is after them in commit order.
    assertThat(tokens.tokenFor("account-0")).contains("write-39");
    assertThat(tokens.export().length()).isLessThan(4_096);
  }

  @Test
  void a_string_that_is_not_an_exported_session_is_refused() {
    SessionTokens tokens = new SessionTokens();
    assertThatThrownBy(() -> tokens.merge("v1.abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.merge("ls1.!!!")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.merge("ls1." + java.util.Base64.getUrlEncoder().encodeToString("x y\na".getBytes())))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
