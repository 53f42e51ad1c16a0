package ledger.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import ledger.domain.AccountId;
import ledger.domain.AccountStatus;
import ledger.readmodel.AccountView;
import ledger.readmodel.FeedMessage;
import ledger.store.Checkpoint;
import org.junit.jupiter.api.Test;

class ViewCacheTest {

  private final ViewCache cache = new ViewCache(3);

  ViewCacheTest() {
    cache.resume();
  }

  private static AccountId id(String account) {
    return AccountId.of(account);
  }

  /** An open USD account's view after {@code version} deposits of 10.00. */
  private static AccountView accountAt(String account, long version) {
    return new AccountView(id(account), version * 1_000, "USD", AccountStatus.OPEN, 0, version, version,
        Instant.EPOCH.plusSeconds(version));
  }

  @Test
  void caches_nothing_until_the_feed_is_subscribed() {
    ViewCache fresh = new ViewCache(10);
    fresh.offer(accountAt("a", 1));
    assertThat(fresh.get(id("a"))).isNull();
    fresh.resume();
    fresh.offer(accountAt("a", 1));
    assertThat(fresh.get(id("a"))).isEqualTo(accountAt("a", 1));
  }

  @Test
  void an_older_view_never_replaces_a_newer_one() {
    cache.offer(accountAt("a", 5));
    cache.offer(accountAt("a", 4), cache.epoch());
    cache.offer(accountAt("a", 5));
    assertThat(cache.get(id("a")).version()).isEqualTo(5);
    cache.offer(accountAt("a", 6));
    assertThat(cache.get(id("a")).version()).isEqualTo(6);
  }

  @Test
  void a_degraded_account_is_dropped_and_a_read_that_started_before_is_not_kept() {
    cache.offer(accountAt("a", 2));
    cache.offer(accountAt("b", 1));
    long readStarted = cache.epoch();

    // its last readable events, then degraded, in one batch
    cache.offer(new FeedMessage(new Checkpoint(9, 9), List.of(FeedMessage.Change.state(accountAt("a", 3)),
        FeedMessage.Change.state(accountAt("a", 4))), List.of(id("a"))));
    cache.offer(accountAt("a", 2), readStarted);

    assertThat(cache.get(id("a"))).isNull();
    assertThat(cache.get(id("b"))).isEqualTo(accountAt("b", 1));
  }

  /**
   * Regression (BankUnderFaultsIT): the batch that degrades an account usually also carries its
   * events before the unreadable one; those changes were cached after the drop, so the account
   * kept answering its last readable balance instead of VIEW_DEGRADED, for good.
   */
  @Test
  void a_batch_that_degrades_an_account_leaves_none_of_its_changes_cached() {
    cache.offer(accountAt("a", 2));

    cache.offer(new FeedMessage(new Checkpoint(9, 9), List.of(FeedMessage.Change.state(accountAt("a", 3)),
        FeedMessage.Change.state(accountAt("b", 1))), List.of(id("a"))));

    assertThat(cache.get(id("a"))).isNull();
    assertThat(cache.get(id("b"))).isEqualTo(accountAt("b", 1));
  }

  @Test
  void views_the_projection_forgot_as_another_database_s_never_answer_again() {
    cache.offer(new FeedMessage(new Checkpoint(9, 9), List.of(FeedMessage.Change.state(accountAt("a", 7)))));
    long readStarted = cache.epoch();

    cache.offer(FeedMessage.FORGOTTEN);
    cache.offer(accountAt("b", 3), readStarted);

    assertThat(cache.get(id("a"))).isNull();
    assertThat(cache.get(id("b"))).as("read before the views were forgotten").isNull();
    assertThat(cache.covering(id("a"), new Checkpoint(1, 1))).isNull();
    cache.offer(accountAt("a", 1));
    assertThat(cache.get(id("a"))).as("the new database's views are cached again").isEqualTo(accountAt("a", 1));
  }

  @Test
  void it_never_holds_more_than_its_capacity() {
    for (int i = 0; i < 10; i++) {
      cache.offer(accountAt("acc-" + i, 1));
      assertThat(cache.size()).isLessThanOrEqualTo(3);
    }
    assertThat(cache.get(id("acc-9"))).as("the newest view stays").isNotNull();
  }

  @Test
  void a_lost_subscription_empties_the_cache_and_stops_it_until_resumed() {
    cache.offer(accountAt("a", 1));
    cache.suspend();
    assertThat(cache.get(id("a"))).isNull();
    cache.offer(accountAt("a", 2));
    assertThat(cache.size()).isZero();
    cache.resume();
    assertThat(cache.get(id("a"))).as("resumes empty").isNull();
  }

  @Test
  void a_read_that_overlapped_a_lost_subscription_is_not_cached() {
    long before = cache.epoch();
    cache.suspend();
    cache.resume();
    // the read found version 1; an announcement of version 2 may have been lost meanwhile
    cache.offer(accountAt("a", 1), before);
    assertThat(cache.get(id("a"))).isNull();
    cache.offer(accountAt("a", 2), cache.epoch());
    assertThat(cache.get(id("a")).version()).isEqualTo(2);
  }

  @Test
  void a_read_older_than_an_announcement_is_not_cached_when_an_eviction_fell_between_them() {
    // Regression: the read found version 5 in Redis; version 6 was announced, then evicted; the
    // read's answer, arriving last, found no newer entry and took the account back to version 5.
    long readStarted = cache.epoch();
    cache.offer(accountAt("a", 6));
    for (int i = 0; cache.get(id("a")) != null; i++) {
      cache.offer(accountAt("filler-" + i, 1));
    }
    cache.offer(accountAt("a", 5), readStarted);
    assertThat(cache.get(id("a"))).as("back in time").isNull();
    cache.offer(accountAt("a", 6), cache.epoch());
    assertThat(cache.get(id("a")).version()).as("a read started after the eviction is cached").isEqualTo(6);
  }

  @Test
  void it_answers_for_a_commit_point_only_once_it_has_taken_in_that_points_announcement() {
    Checkpoint first = new Checkpoint(10, 1);
    Checkpoint second = new Checkpoint(11, 2);
    cache.offer(FeedMessage.ofStates(first, List.of(accountAt("a", 1))));
    assertThat(cache.covering(id("a"), first)).isEqualTo(accountAt("a", 1));
    assertThat(cache.covering(id("a"), Checkpoint.START)).isEqualTo(accountAt("a", 1));
    assertThat(cache.covering(id("a"), second)).as("Redis may be past it; this cache is not").isNull();
    cache.offer(FeedMessage.ofStates(second, List.of(accountAt("b", 1))));
    assertThat(cache.covering(id("a"), second)).as("the batch did not touch it").isEqualTo(accountAt("a", 1));
    cache.suspend();
    cache.resume();
    cache.offer(accountAt("a", 2), cache.epoch());
    assertThat(cache.covering(id("a"), first)).as("covers only what this subscription announced").isNull();
    assertThat(cache.covering(id("a"), Checkpoint.START)).isEqualTo(accountAt("a", 2));
  }
}
