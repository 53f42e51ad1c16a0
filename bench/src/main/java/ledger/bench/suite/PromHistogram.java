package ledger.bench.suite;

import java.util.Arrays;

/**
 * A Prometheus histogram (cumulative {@code _bucket} counts by upper bound {@code le}, plus
 * {@code _sum} and {@code _count}), as scraped, or the difference of two scrapes, which is
 * the histogram of what happened in between. Quantiles are interpolated linearly inside the
 * bucket that holds them, as PromQL's histogram_quantile does, so they are only as exact as
 * the buckets are narrow.
 */
record PromHistogram(double[] upperBounds, double[] cumulative, double sum, double count) {

  static final PromHistogram EMPTY = new PromHistogram(new double[0], new double[0], 0, 0);

  PromHistogram {
    upperBounds = upperBounds.clone();
    cumulative = cumulative.clone();
  }

  /** {@code this - earlier}, bucket by bucket; buckets missing from the earlier scrape count as 0. */
  PromHistogram minus(PromHistogram earlier) {
    double[] c = cumulative.clone();
    for (int i = 0; i < upperBounds.length; i++) {
      int j = Arrays.binarySearch(earlier.upperBounds, upperBounds[i]);
      if (j >= 0) {
        c[i] -= earlier.cumulative[j];
      }
    }
    return new PromHistogram(upperBounds, c, sum - earlier.sum, count - earlier.count);
  }

  /** Observations in the histogram (the +Inf bucket, or _count when there are no buckets). */
  double total() {
    return cumulative.length == 0 ? count : cumulative[cumulative.length - 1];
  }

  double mean() {
    return count <= 0 ? Double.NaN : sum / count;
  }

  /**
   * The value below which a fraction {@code q} of the observations fall, or NaN for an empty
   * histogram. Past the last finite bound it is that bound (the true value is higher).
   */
  double quantile(double q) {
    double total = total();
    if (total <= 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double below = 0;
    double lower = 0;
    for (int i = 0; i < upperBounds.length; i++) {
      if (cumulative[i] >= rank) {
        if (Double.isInfinite(upperBounds[i])) {
          return lower;
        }
        double inBucket = cumulative[i] - below;
        return inBucket <= 0 ? upperBounds[i] : lower + (upperBounds[i] - lower) * (rank - below) / inBucket;
      }
      below = cumulative[i];
      lower = upperBounds[i];
    }
    return lower;
  }

  /** The upper bound of the bucket that holds quantile {@code q}: an upper limit on it. */
  double quantileBucketBound(double q) {
    double rank = q * total();
    for (int i = 0; i < upperBounds.length; i++) {
      if (cumulative[i] >= rank) {
        return upperBounds[i];
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}
