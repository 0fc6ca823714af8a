package io.github.customerid.mongo.customers;

import java.util.OptionalLong;

/**
 * What {@link CustomerIdAssigner#reconcile()} found and changed. Immutable, thread-safe, value-based.
 */
public final class ReconcileReport {

  private final String sequence;
  private final OptionalLong counterBefore;
  private final OptionalLong highestInData;
  private final long counterAfter;
  private final long idsScanned;
  private final long valuesIgnored;
  private final boolean repaired;

  ReconcileReport(String sequence, OptionalLong counterBefore, OptionalLong highestInData,
      long counterAfter, long idsScanned, long valuesIgnored, boolean repaired) {
    this.sequence = sequence;
    this.counterBefore = counterBefore;
    this.highestInData = highestInData;
    this.counterAfter = counterAfter;
    this.idsScanned = idsScanned;
    this.valuesIgnored = valuesIgnored;
    this.repaired = repaired;
  }

  /**
   * Returns the sequence that was reconciled.
   *
   * @return the sequence name
   */
  public String sequence() {
    return sequence;
  }

  /**
   * Returns the counter as read before the scan.
   *
   * @return the counter's value, or empty if the counter did not exist or could not be read (below
   *     zero, moved forward by the reconcile)
   */
  public OptionalLong counterBefore() {
    return counterBefore;
  }

  /**
   * Returns the highest number among the IDs found in the data.
   *
   * @return the number, or empty if no document carries an ID of the format
   */
  public OptionalLong highestInData() {
    return highestInData;
  }

  /**
   * Returns the counter after reconciling: at least {@link #highestInData()} and never below what it
   * was (the counter only moves forward).
   *
   * @return the counter's value; 0 when neither counter nor IDs exist
   */
  public long counterAfter() {
    return counterAfter;
  }

  /**
   * Returns how many values starting with the format's prefix were examined.
   *
   * @return the count
   */
  public long idsScanned() {
    return idsScanned;
  }

  /**
   * Returns how many of the examined values were not IDs of the format and were ignored.
   *
   * @return the count
   */
  public long valuesIgnored() {
    return valuesIgnored;
  }

  /**
   * Tells whether reconciling moved the counter (or created it, or repaired one that could not be
   * read, such as one below zero).
   *
   * @return {@code true} if the counter changed
   */
  public boolean changed() {
    return repaired || (counterBefore.isEmpty() ? highestInData.isPresent()
        : counterAfter != counterBefore.getAsLong());
  }

  /**
   * Describes the outcome, for logs.
   *
   * @return a one-line summary
   */
  @Override
  public String toString() {
    return "ReconcileReport[sequence=" + sequence + ", counterBefore="
        + (counterBefore.isPresent() ? counterBefore.getAsLong()
            : repaired ? "unreadable" : "absent")
        + ", highestInData="
        + (highestInData.isPresent() ? highestInData.getAsLong() : "none") + ", counterAfter="
        + counterAfter + ", changed=" + changed() + ", idsScanned=" + idsScanned
        + ", valuesIgnored=" + valuesIgnored + "]";
  }
}
