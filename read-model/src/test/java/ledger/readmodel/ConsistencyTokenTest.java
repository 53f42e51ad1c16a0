package ledger.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

import ledger.domain.AccountId;
import ledger.domain.InvalidInputException;
import ledger.domain.Reason;
import ledger.store.Checkpoint;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConsistencyTokenTest {

  private static final AccountId ALICE = AccountId.of("alice");
  private static final AccountId BOB = AccountId.of("bob");

  private static final ConsistencyToken TWO_ACCOUNTS =
      new ConsistencyToken(Map.of(ALICE, 3L, BOB, 12L), new Checkpoint(7_001, 42));

  static Stream<Named<ConsistencyToken>> tokens() {
    return Stream.of(
        named("no accounts", new ConsistencyToken(Map.of(), new Checkpoint(1, 1))),
        named("one account", new ConsistencyToken(Map.of(ALICE, 1L), new Checkpoint(900, 77))),
        named("two accounts", TWO_ACCOUNTS),
        named("largest numbers", new ConsistencyToken(Map.of(AccountId.of("z".repeat(64)), Long.MAX_VALUE),
            new Checkpoint(Long.MAX_VALUE, Long.MAX_VALUE))));
  }

  @ParameterizedTest
  @MethodSource("tokens")
  void a_token_survives_encoding_and_decoding(ConsistencyToken token) {
    assertThat(ConsistencyToken.decode(token.encode())).isEqualTo(token);
  }

  @ParameterizedTest
  @MethodSource("tokens")
  void a_token_is_versioned_and_url_safe(ConsistencyToken token) {
    assertThat(token.encode())
        .startsWith("v1.")
        .doesNotContain("+", "/", "=")
        .matches("v1\\.[A-Za-z0-9_-]+");
  }

  @Test
  void a_token_of_sixteen_accounts_is_accepted() {
    TokenBytes bytes = TokenBytes.at(1, 1, 16);
    for (int i = 0; i < 16; i++) {
      bytes.stream("acc-" + i, 1);
    }

    assertThat(ConsistencyToken.decode(bytes.encode()).streamVersions()).hasSize(16);
  }

  static Stream<Named<String>> malformedTokens() {
    String real = TWO_ACCOUNTS.encode();
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("null", null);
    cases.put("empty", "");
    cases.put("another version", "v2.xxx");
    cases.put("prefix only", "v1.");
    cases.put("not base64", "v1.!!!");
    cases.put("standard base64 alphabet", "v1.+/+/+/+/");
    cases.put("truncated", real.substring(0, real.length() - 3));
    cases.put("trailing bytes", withTrailingBytes(real));
    cases.put("seventeen accounts", seventeenAccounts());
    cases.put("version zero", TokenBytes.at(1, 1, 1).stream("alice", 0).encode());
    cases.put("negative version", TokenBytes.at(1, 1, 1).stream("alice", -1).encode());
    cases.put("invalid account id", TokenBytes.at(1, 1, 1).stream("not an id!", 1).encode());
    cases.put("negative transaction id", TokenBytes.at(-1, 1, 0).encode());
    cases.put("negative position", TokenBytes.at(1, -1, 0).encode());
    cases.put("5000 characters", "v1." + "A".repeat(4997));
    return cases.entrySet().stream().map(c -> named(c.getKey(), c.getValue()));
  }

  @ParameterizedTest
  @MethodSource("malformedTokens")
  void a_malformed_token_is_refused(String token) {
    assertThatThrownBy(() -> ConsistencyToken.decode(token))
        .isInstanceOfSatisfying(InvalidInputException.class,
            invalid -> assertThat(invalid.reason()).isEqualTo(Reason.INVALID_TOKEN));
  }

  @Test
  void a_token_names_the_version_of_each_account_it_touched() {
    ConsistencyToken token = ConsistencyToken.decode(TWO_ACCOUNTS.encode());

    assertThat(token.versionOf(ALICE)).isEqualTo(OptionalLong.of(3));
    assertThat(token.versionOf(BOB)).isEqualTo(OptionalLong.of(12));
    assertThat(token.versionOf(AccountId.of("carol"))).isEmpty();
  }

  private static String withTrailingBytes(String token) {
    byte[] raw = Base64.getUrlDecoder().decode(token.substring("v1.".length()));
    byte[] longer = java.util.Arrays.copyOf(raw, raw.length + 3);
    return "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(longer);
  }

  private static String seventeenAccounts() {
    TokenBytes bytes = TokenBytes.at(1, 1, 17);
    for (int i = 0; i < 17; i++) {
      bytes.stream("acc-" + i, 1);
    }
    return bytes.encode();
  }
}
