package ledger.store;

/**
 * A point in commit order: events are read ordered by (transaction id, global position),
 * an order in which nothing can later appear behind a point already passed.
 */
public record Checkpoint(long transactionId, long globalPosition) implements Comparable<Checkpoint> {

  public static final Checkpoint START = new Checkpoint(0, 0);

  public static Checkpoint parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("checkpoint must be transaction:position, got " + text);
    }
    return new Checkpoint(Long.parseLong(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
  }

  public String encode() {
    return transactionId + ":" + globalPosition;
  }

  public boolean isAfter(Checkpoint other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(Checkpoint other) {
    int byTransaction = Long.compare(transactionId, other.transactionId);
    return byTransaction != 0 ? byTransaction : Long.compare(globalPosition, other.globalPosition);
  }

  @Override
  public String toString() {
    return encode();
  }
}
