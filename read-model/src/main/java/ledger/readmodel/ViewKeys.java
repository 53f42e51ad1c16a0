package ledger.readmodel;

import ledger.domain.AccountId;

/**
 * Where the Redis views live. Each account's hash carries its id as a hash tag, so on
 * Redis Cluster every key of one account sits in one slot; the checkpoint and the feed
 * channel are single keys of their own, and the origin shares the checkpoint's slot.
 */
public record ViewKeys(String prefix) {

  public static final String DEFAULT_PREFIX = "ledger:";

  public String account(AccountId id) {
    return prefix + "acct:{" + id.value() + "}";
  }

  /** A SCAN pattern that matches every account view of this prefix, and nothing else of it. */
  public String everyAccount() {
    return prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "acct:{*}";
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

  /**
   * The database the checkpoint and the views come from, {@code system_identifier/ledger_id}.
   * Its hash tag is the checkpoint's key (or the prefix's own tag, if it has one), so both
   * keys share a slot on Redis Cluster: checkpoint.lua reads them together.
   */
  public String origin() {
    return prefix + "origin{" + checkpoint() + "}";
  }

  /** Pub/sub channel on which the projection announces every batch it applied. */
  public String feedChannel() {
    return prefix + "applied";
  }
}
