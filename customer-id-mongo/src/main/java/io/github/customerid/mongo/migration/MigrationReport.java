package io.github.customerid.mongo.migration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.bson.Document;

/**
 * What a {@link CustomerIdMigration} did, or for a {@linkplain #dryRun() dry run} would do.
 *
 * <pre>{@code
 * MigrationReport r = migration.run();
 * System.out.println(r);   // "Assigned 100,000 IDs (PL24..PL100023) to customers of shop.users in 9.1 s"
 * }</pre>
 *
 * <p>Numbers are drawn from the counter one block per batch. A number drawn but not written (the
 * customer got an ID from someone else meanwhile, or the run stopped between drawing and writing) is a
 * gap, counted in {@link #unusedNumbers()}; it is never handed out again.
 *
 * <p>Immutable and thread-safe (a value-based class).
 */
public final class MigrationReport {

  /**
   * An assignment a dry run would make.
   *
   * @param documentId the customer's {@code _id}
   * @param id the ID it would get (assuming nobody else draws from the counter meanwhile)
   */
  public record Assignment(Object documentId, String id) {
    /**
     * Checks the components.
     *
     * @param documentId the customer's {@code _id}
     * @param id the ID it would get
     * @throws NullPointerException if a component is null
     */
    public Assignment {
      Objects.requireNonNull(documentId, "documentId");
      Objects.requireNonNull(id, "id");
    }
  }

  private final boolean dryRun;
  private final String namespace;
  private final String field;
  private final String sequence;
  private final long candidates;
  private final long assigned;
  private final long assignedByOthers;
  private final long unusedNumbers;
  private final long batches;
  private final long duplicateKeyRetries;
  private final OptionalLong counterBefore;
  private final OptionalLong counterAdvancedTo;
  private final OptionalLong counterAfter;
  private final Optional<String> firstId;
  private final Optional<String> lastId;
  private final Duration duration;
  private final List<Assignment> preview;

  MigrationReport(boolean dryRun, Settings s, long candidates, long assigned,
      long assignedByOthers, long unusedNumbers, long batches, long duplicateKeyRetries,
      OptionalLong counterBefore, OptionalLong counterAdvancedTo, OptionalLong counterAfter,
      Optional<String> firstId, Optional<String> lastId, Duration duration,
      List<Assignment> preview) {
    this.dryRun = dryRun;
    this.namespace = s.namespace();
    this.field = s.field;
    this.sequence = s.sequence;
    this.candidates = candidates;
    this.assigned = assigned;
    this.assignedByOthers = assignedByOthers;
    this.unusedNumbers = unusedNumbers;
    this.batches = batches;
    this.duplicateKeyRetries = duplicateKeyRetries;
    this.counterBefore = counterBefore;
    this.counterAdvancedTo = counterAdvancedTo;
    this.counterAfter = counterAfter;
    this.firstId = firstId;
    this.lastId = lastId;
    this.duration = duration;
    this.preview = List.copyOf(preview);
  }

  /**
   * Tells whether this was a dry run, which changed nothing.
   *
   * @return {@code true} for a dry run
   */
  public boolean dryRun() {
    return dryRun;
  }

  /**
   * Returns the migrated collection.
   *
   * @return {@code database.collection}
   */
  public String namespace() {
    return namespace;
  }

  /**
   * Returns the ID field.
   *
   * @return the field name
   */
  public String field() {
    return field;
  }

  /**
   * Returns the counter's sequence name.
   *
   * @return the sequence
   */
  public String sequence() {
    return sequence;
  }

  /**
   * Returns how many customers had no ID when the run started.
   *
   * @return the count
   */
  public long candidates() {
    return candidates;
  }

  /**
   * Returns how many customers this run gave an ID (0 for a dry run).
   *
   * @return the count
   */
  public long assigned() {
    return assigned;
  }

  /**
   * Returns how many selected customers had received an ID from someone else (a live insert path, a
   * concurrent migration) between being read and being written; they kept that ID.
   *
   * @return the count
   */
  public long assignedByOthers() {
    return assignedByOthers;
  }

  /**
   * Returns how many numbers this run drew from the counter without writing them: gaps.
   *
   * @return the count
   */
  public long unusedNumbers() {
    return unusedNumbers;
  }

  /**
   * Returns how many batches ran.
   *
   * @return the count
   */
  public long batches() {
    return batches;
  }

  /**
   * Returns how many times a batch hit the unique index (the counter was behind the data), after which
   * the counter was moved past the highest stored ID and the customers were retried.
   *
   * @return the count, 0 normally
   */
  public long duplicateKeyRetries() {
    return duplicateKeyRetries;
  }

  /**
   * Returns the counter's value before the run.
   *
   * @return the value, or empty if the counter did not exist
   */
  public OptionalLong counterBefore() {
    return counterBefore;
  }

  /**
   * Returns the value the counter was moved forward to before assigning, because IDs above it were
   * already stored (for a dry run: would be moved to).
   *
   * @return the value, or empty if the counter was not behind the data
   */
  public OptionalLong counterAdvancedTo() {
    return counterAdvancedTo;
  }

  /**
   * Returns the counter's value after the run (for a dry run: what it would be, if nobody else drew
   * numbers meanwhile).
   *
   * @return the value, or empty if the counter still does not exist
   */
  public OptionalLong counterAfter() {
    return counterAfter;
  }

  /**
   * Returns the first ID drawn by this run (for a dry run: the first it would assign).
   *
   * @return the ID, or empty if nothing was drawn
   */
  public Optional<String> firstId() {
    return firstId;
  }

  /**
   * Returns the last ID drawn by this run (for a dry run: the last it would assign).
   *
   * @return the ID, or empty if nothing was drawn
   */
  public Optional<String> lastId() {
    return lastId;
  }

  /**
   * Returns how long the run took.
   *
   * @return the duration
   */
  public Duration duration() {
    return duration;
  }

  /**
   * Returns, for a dry run, the first assignments it would make, in order of creation.
   *
   * @return an unmodifiable list, capped at the preview limit; empty for a real run
   */
  public List<Assignment> preview() {
    return preview;
  }

  /**
   * Returns the rate of the run.
   *
   * @return customers per second, 0 for an instant or dry run
   */
  public double perSecond() {
    long millis = duration.toMillis();
    return millis == 0 ? 0 : assigned * 1000.0 / millis;
  }

  /**
   * Returns the report as a BSON document, for JSON output or storing.
   *
   * @return a new document
   */
  public Document toDocument() {
    List<Document> list = new ArrayList<>();
    for (Assignment a : preview) {
      list.add(new Document("_id", a.documentId()).append("id", a.id()));
    }
    return new Document("dryRun", dryRun)
        .append("namespace", namespace)
        .append("field", field)
        .append("sequence", sequence)
        .append("candidates", candidates)
        .append("assigned", assigned)
        .append("assignedByOthers", assignedByOthers)
        .append("unusedNumbers", unusedNumbers)
        .append("batches", batches)
        .append("duplicateKeyRetries", duplicateKeyRetries)
        .append("counterBefore", ReportJson.orNull(counterBefore))
        .append("counterAdvancedTo", ReportJson.orNull(counterAdvancedTo))
        .append("counterAfter", ReportJson.orNull(counterAfter))
        .append("firstId", firstId.orElse(null))
        .append("lastId", lastId.orElse(null))
        .append("durationMillis", duration.toMillis())
        .append("perSecond", Math.round(perSecond()))
        .append("preview", list);
  }

  /**
   * Returns the report as relaxed extended JSON.
   *
   * @return one line of JSON, see {@link #toDocument()}
   */
  public String toJson() {
    return ReportJson.relaxed(toDocument());
  }

  /**
   * Renders the report for people.
   *
   * @return a few lines
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    String range = firstId.isPresent()
        ? " (" + firstId.get() + ".." + lastId.orElse("?") + ")"
        : "";
    if (dryRun) {
      s.append(String.format(Locale.ROOT, "Dry run: would assign %,d IDs%s to customers of %s"
          + " without %s; nothing was changed%n", candidates, range, namespace, field));
    } else {
      s.append(String.format(Locale.ROOT, "Assigned %,d IDs%s to customers of %s in %.1f s"
          + " (%,.0f/s, %,d batches)%n", assigned, range, namespace, duration.toMillis() / 1000.0,
          perSecond(), batches));
    }
    s.append("  counter \"").append(sequence).append("\": ")
        .append(counterBefore.isPresent() ? Long.toString(counterBefore.getAsLong()) : "(none)");
    if (counterAdvancedTo.isPresent()) {
      s.append(dryRun ? " -> would first move to " : " -> moved past stored IDs to ")
          .append(counterAdvancedTo.getAsLong());
    }
    s.append(" -> ")
        .append(counterAfter.isPresent() ? Long.toString(counterAfter.getAsLong()) : "(none)")
        .append('\n');
    if (assignedByOthers > 0 || unusedNumbers > 0) {
      s.append(String.format(Locale.ROOT, "  %,d customers got an ID elsewhere meanwhile;"
          + " %,d numbers drawn but unused (gaps)%n", assignedByOthers, unusedNumbers));
    }
    if (duplicateKeyRetries > 0) {
      s.append(String.format(Locale.ROOT, "  the counter was behind the data %,d time(s);"
          + " moved forward and retried%n", duplicateKeyRetries));
    }
    for (Assignment a : preview) {
      s.append("  would set ").append(field).append(' ').append(a.id()).append(" on _id ")
          .append(a.documentId()).append('\n');
    }
    return s.toString();
  }
}
