package ledger.readmodel;

import ledger.domain.AccountId;

/**
 * Where the Redis views of one generation live. Each account's hash carries its id as a hash
 * tag, so on Redis Cluster every key of one account sits in one slot; the checkpoint and the
 * feed channel are single keys of their own, and the origin shares the checkpoint's slot.
 * Generation 0 is the layout that came before generations (no migration); a full rebuild
 * builds generation g + 1 under a {@code g<n>:} segment beside the live one, and
 * {@link #generation()} names the live one (docs/storage.md, "Rebuilding every view").
 */
public record ViewKeys(String prefix, long generation) {

  public static final String DEFAULT_PREFIX = "ledger:";

  public ViewKeys {
    if (generation < 0) {
      throw new IllegalArgumentException("generation " + generation);
    }
  }

  /** Generation 0: today's keys exactly. */
  public ViewKeys(String prefix) {
    this(prefix, 0);
  }

  /** The same prefix, generation {@code number}. */
  public ViewKeys at(long number) {
    return new ViewKeys(prefix, number);
  }

  private String base() {
    return generation == 0 ? prefix : prefix + "g" + generation + ":";
  }

  public String account(AccountId id) {
    return base() + "acct:{" + id.value() + "}";
  }

  /** A SCAN pattern that matches every account view of this generation, and nothing else. */
  public String everyAccount() {
    return base().replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "acct:{*}";
  }

  /** The projection's last applied point in commit order, {@code transaction:position}. */
  public String checkpoint() {
    return base() + "checkpoint";
  }

  /**
   * The ids of the accounts whose view is degraded: an index for status and metrics, kept
   * beside the views' own marks (the mark in the account's hash is what reads obey).
   */
  public String degraded() {
    return base() + "degraded";
  }

  /**
   * The database the checkpoint and the views come from, {@code system_identifier/ledger_id}.
   * Its hash tag is the checkpoint's key (or the prefix's own tag, if it has one), so both
   * keys share a slot on Redis Cluster: checkpoint.lua reads them together.
   */
  public String origin() {
    return base() + "origin{" + checkpoint() + "}";
  }

  /** Pub/sub channel on which the projection announces every batch it applied; one for every generation. */
  public String feedChannel() {
    return prefix + "applied";
  }

  /** The number of the live generation; absent means 0. Read by every reader of the views. */
  public String liveGeneration() {
    return prefix + "generation";
  }

  /**
   * The generation a full rebuild is building, while it runs (a writer that takes over resumes
   * it). Its hash tag is {@link #liveGeneration()}, so switch.lua sets both in one slot.
   */
  public String rebuilding() {
    return prefix + "rebuilding{" + liveGeneration() + "}";
  }

  /**
   * The generations a switch retired whose keys may not be removed yet: a set, added to by
   * switch.lua (so in {@link #liveGeneration()}'s slot) and emptied as each is removed, by the
   * writer that switched or, if it died first, by the next writer at its start.
   */
  public String retired() {
    return prefix + "retired{" + liveGeneration() + "}";
  }
}
