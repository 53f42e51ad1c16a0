package ledger.readmodel;

import ledger.domain.AccountId;

/**
 * Where the Redis views live. Each account's hash carries its id as a hash tag, so on
 * Redis Cluster every key of one account sits in one slot; the checkpoint and the feed
 * channel are single keys of their own.
 */
public record ViewKeys(String prefix) {

  public static final String DEFAULT_PREFIX = "ledger:";

  public String account(AccountId id) {
    return prefix + "acct:{" + id.value() + "}";
  }

  /** The projection's last applied point in commit order, {@code transaction:position}. */
  public String checkpoint() {
    return prefix + "checkpoint";
  }

  /**
   * The ids of the accounts whose view is degraded: an index for status and metrics, kept
   * beside the views' own marks (the mark in the account's hash is what reads obey).
   */
  public String degraded() {
    return prefix + "degraded";
  }

  /** Pub/sub channel on which the projection announces every batch it applied. */
  public String feedChannel() {
    return prefix + "applied";
  }
}
