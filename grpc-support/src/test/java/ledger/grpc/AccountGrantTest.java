package ledger.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import ledger.domain.AccountId;
import org.junit.jupiter.api.Test;

/** A grant holds exact ids and prefixes, and a malformed entry never widens it. */
class AccountGrantTest {

  @Test
  void exact_ids_match_themselves_and_prefixes_match_what_starts_with_them() {
    AccountGrant grant = AccountGrant.of(List.of("tenant-7:*", "fees"));

    assertThat(grant.allows(AccountId.of("tenant-7:alice"))).isTrue();
    assertThat(grant.allows(AccountId.of("tenant-7:"))).isTrue();
    assertThat(grant.allows(AccountId.of("fees"))).isTrue();
    assertThat(grant.allows(AccountId.of("fees-2"))).isFalse();
    assertThat(grant.allows(AccountId.of("tenant-70:bob"))).isFalse();
    assertThat(grant.allows(AccountId.of("tenant-7"))).isFalse();
    assertThat(grant.isEvery()).isFalse();
  }

  @Test
  void an_empty_grant_allows_nothing_and_a_lone_star_everything() {
    assertThat(AccountGrant.of(List.of()).allows(AccountId.of("anything"))).isFalse();
    assertThat(AccountGrant.of(List.of("fees", "*")).isEvery()).isTrue();
  }

  @Test
  void an_entry_that_is_no_account_id_or_prefix_is_refused() {
    for (String entry : List.of("", "tenant 7:*", "a*b", "**", "x".repeat(65), "tenant-7:**")) {
      assertThatThrownBy(() -> AccountGrant.of(List.of(entry))).as(entry).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
