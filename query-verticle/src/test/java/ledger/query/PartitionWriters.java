package ledger.query;

import java.util.Arrays;

import ledger.readmodel.Partitioning;

/**
 * A test class's views split into partitions, each written by a projection of its own stepped
 * by hand, and account ids chosen by the partition that holds them.
 */
final class PartitionWriters {

  private final ManualProjection[] writers;

  PartitionWriters(QueryTestbed bed, int count) {
    writers = new ManualProjection[count];
    for (int p = 0; p < count; p++) {
      writers[p] = bed.partitionProjection(count, p);
    }
  }

  /** The writer of partition {@code partition}. */
  ManualProjection partition(int partition) {
    return writers[partition];
  }

  /** Every partition projects and announces what it has not yet. */
  void catchUp() {
    Arrays.stream(writers).forEach(ManualProjection::catchUp);
  }

  /** The first of {@code name-0}, {@code name-1}, ... that partition {@code partition} holds. */
  String accountIn(int partition, String name) {
    for (int i = 0; ; i++) {
      String id = name + "-" + i;
      if (Partitioning.partitionOf(id, writers.length) == partition) {
        return id;
      }
    }
  }
}
