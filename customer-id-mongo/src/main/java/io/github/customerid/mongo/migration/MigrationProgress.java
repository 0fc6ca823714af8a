package io.github.customerid.mongo.migration;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a running migration stands: customers given an ID so far, out of how many there were to do
 * when it started, and how fast it goes.
 *
 * <p>{@link #total()} is counted once, at the start (one {@code countDocuments}, not one per document).
 * Customers inserted without an ID while the migration runs are migrated too, so {@link #assigned()}
 * can end above {@link #total()}; {@link #fraction()} is capped at 1.
 *
 * @param assigned customers given an ID by this run so far
 * @param total customers without an ID when the run started
 * @param batches batches completed
 * @param elapsed time since the run started
 */
public record MigrationProgress(long assigned, long total, long batches, Duration elapsed) {

  /**
   * Checks the components.
   *
   * @param assigned customers given an ID so far, at least 0
   * @param total customers to do, at least 0
   * @param batches batches completed, at least 0
   * @param elapsed time since the start
   * @throws IllegalArgumentException if a count is negative
   * @throws NullPointerException if {@code elapsed} is null
   */
  public MigrationProgress {
    if (assigned < 0 || total < 0 || batches < 0) {
      throw new IllegalArgumentException("counts must not be negative: assigned=" + assigned
          + ", total=" + total + ", batches=" + batches);
    }
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /**
   * Returns the share done.
   *
   * @return between 0 and 1; 1 when there was nothing to do
   */
  public double fraction() {
    return total == 0 ? 1.0 : Math.min(1.0, (double) assigned / total);
  }

  /**
   * Returns the average rate since the start.
   *
   * @return customers per second, 0 before the first millisecond
   */
  public double perSecond() {
    long millis = elapsed.toMillis();
    return millis == 0 ? 0 : assigned * 1000.0 / millis;
  }

  /**
   * Describes the progress in one line.
   *
   * @return for example {@code 45,000/100,000 (45%) in 3.2 s, 14,062/s}
   */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%,d/%,d (%d%%) in %.1f s, %,.0f/s", assigned, total,
        (int) (fraction() * 100), elapsed.toMillis() / 1000.0, perSecond());
  }
}
