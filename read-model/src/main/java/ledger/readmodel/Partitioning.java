package ledger.readmodel;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

import ledger.domain.AccountId;
import ledger.store.pg.AdvisoryLocks;

/**
 * How the views of one key prefix are split into partitions ({@code --projection-partitions N}).
 * Each partition is a whole read model of its own: its own key prefix (so its own views,
 * checkpoint, origin, generations and feed channel), its own writer lock, holding the accounts
 * that hash to it. With one partition the prefix is the configured one exactly, so a single
 * partition keeps the keys and the lock of before partitions. With more, partition {@code k}
 * of {@code n} lives under {@code <prefix>p<k>of<n>:}: a change of the count starts new key
 * spaces, which the projection builds from the event store, and never mixes two layouts.
 *
 * <p>The hash is CRC-32 of the account id's UTF-8 bytes modulo the count: fixed forever, since
 * every process (old releases included) must put an account in the same partition.
 */
public record Partitioning(String prefix, int count) {

  /** More would mean as many writer locks, tail readers and feed subscriptions per process. */
  public static final int MAX_COUNT = 64;

  public Partitioning {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("partitions must be between 1 and " + MAX_COUNT + ", not " + count);
    }
  }

  /** One partition under {@code prefix}: the layout of before partitions. */
  public static Partitioning single(String prefix) {
    return new Partitioning(prefix, 1);
  }

  /** The partition that holds {@code account}'s view. */
  public int of(AccountId account) {
    return count == 1 ? 0 : partitionOf(account.value(), count);
  }

  /** The partition of an account id (a stream id) among {@code count}. */
  public static int partitionOf(String accountId, int count) {
    CRC32 crc = new CRC32();
    crc.update(accountId.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % count);
  }

  /** The key prefix of partition {@code partition}. */
  public String prefixOf(int partition) {
    check(partition);
    return count == 1 ? prefix : prefix + "p" + partition + "of" + count + ":";
  }

  /** The live-generation-0 keys of partition {@code partition}. */
  public ViewKeys keys(int partition) {
    return new ViewKeys(prefixOf(partition));
  }

  /** The generation-0 keys of the partition that holds {@code account}. */
  public ViewKeys keysOf(AccountId account) {
    return keys(of(account));
  }

  /** The advisory lock the writer of partition {@code partition} holds. */
  public long writerLock(int partition) {
    check(partition);
    return AdvisoryLocks.projectionWriter(partition, count);
  }

  public IntStream partitions() {
    return IntStream.range(0, count);
  }

  private void check(int partition) {
    if (partition < 0 || partition >= count) {
      throw new IllegalArgumentException("partition " + partition + " of " + count);
    }
  }
}
