package io.github.customerid.mongo.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.bson.Document;

/**
 * What {@link CustomerIdVerifier#verify()} found: the Node/Mongoose system's {@code db.counters.findOne(...)} and {@code
 * count()} checks, done properly, in one value that a person can read ({@link #toString()}) and a
 * program can check ({@link #hasErrors()}, {@link #findings()}, {@link #toJson()}).
 *
 * <pre>{@code
 * VerificationReport report = CustomerIdVerifier.builder(users, store).build().verify();
 * if (report.hasErrors()) { System.err.println(report); }
 * }</pre>
 *
 * <p>Immutable and thread-safe (a value-based class). Counts are exact at the moment each was taken;
 * under live traffic they are not one snapshot.
 *
 * <p>One file, though long: the accessors, the JSON document and the text report show the same
 * figures and change together, and much of the file is their Javadoc.
 */
public final class VerificationReport {

  /** How serious a finding is. */
  public enum Severity {
    /** The data or the counter is wrong and can cause duplicate or unusable IDs. */
    ERROR,
    /** Unfinished work or something odd a person should look at; nothing collides because of it. */
    WARNING
  }

  /**
   * One problem found.
   *
   * @param severity how serious it is
   * @param code a stable machine-readable code, for example {@code DUPLICATE_IDS}
   * @param message a sentence for people, naming the values involved
   */
  public record Finding(Severity severity, String code, String message) {
    /**
     * Checks the components.
     *
     * @param severity how serious it is
     * @param code a stable machine-readable code
     * @param message a sentence for people
     * @throws NullPointerException if any component is null
     */
    public Finding {
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * A stored value that is not a canonical ID of the format.
   *
   * @param documentId the document's {@code _id} as the driver decoded it (an {@code ObjectId}, a
   *     string, ...)
   * @param value the stored value, rendered for people (strings quoted, other types named)
   */
  public record MalformedId(Object documentId, String value) {
    /**
     * Checks the components.
     *
     * @param documentId the document's {@code _id}
     * @param value the rendered value
     * @throws NullPointerException if any component is null
     */
    public MalformedId {
      Objects.requireNonNull(documentId, "documentId");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * An ID carried by more than one document.
   *
   * @param id the ID, for example {@code PL24}
   * @param documents how many documents carry it (at least 2)
   * @param documentIds the {@code _id}s of those documents, capped at the verifier's sample limit
   */
  public record DuplicateId(String id, long documents, List<Object> documentIds) {
    /**
     * Checks the components and copies the list.
     *
     * @param id the ID
     * @param documents how many documents carry it
     * @param documentIds the capped {@code _id}s
     * @throws NullPointerException if any component is null
     */
    public DuplicateId {
      Objects.requireNonNull(id, "id");
      documentIds = List.copyOf(documentIds);
    }
  }

  private final String namespace;
  private final String field;
  private final String sequence;
  private final long customersWithId;
  private final long customersWithoutId;
  private final long nonCustomersWithId;
  private final List<Object> nonCustomerSamples;
  private final IdScan.Result scan;
  private final Optional<String> highestId;
  private final OptionalLong counter;
  private final Optional<String> nextId;
  private final Optional<String> uniqueIndex;
  private final List<Finding> findings;

  VerificationReport(String namespace, String field, String sequence, long customersWithId,
      long customersWithoutId, long nonCustomersWithId, List<Object> nonCustomerSamples,
      IdScan.Result scan, Optional<String> highestId, OptionalLong counter, Optional<String> nextId,
      Optional<String> uniqueIndex, List<Finding> findings) {
    this.namespace = namespace;
    this.field = field;
    this.sequence = sequence;
    this.customersWithId = customersWithId;
    this.customersWithoutId = customersWithoutId;
    this.nonCustomersWithId = nonCustomersWithId;
    this.nonCustomerSamples = List.copyOf(nonCustomerSamples);
    this.scan = scan;
    this.highestId = highestId;
    this.counter = counter;
    this.nextId = nextId;
    this.uniqueIndex = uniqueIndex;
    this.findings = List.copyOf(findings);
  }

  /**
   * Tells whether any finding is an {@link Severity#ERROR}.
   *
   * @return {@code true} if the data or the counter needs repair
   */
  public boolean hasErrors() {
    return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
  }

  /**
   * Returns every finding, errors first.
   *
   * @return an unmodifiable list, empty when everything is in order
   */
  public List<Finding> findings() {
    return findings;
  }

  /**
   * Returns the checked collection.
   *
   * @return {@code database.collection}
   */
  public String namespace() {
    return namespace;
  }

  /**
   * Returns the checked ID field.
   *
   * @return the field name, for example {@code customerId}
   */
  public String field() {
    return field;
  }

  /**
   * Returns the counter's sequence name.
   *
   * @return the sequence, for example {@code customerId}
   */
  public String sequence() {
    return sequence;
  }

  /**
   * Returns how many customers carry an ID (any value, valid or not).
   *
   * @return the count
   */
  public long customersWithId() {
    return customersWithId;
  }

  /**
   * Returns how many customers have no ID (field missing or null): the migration's remaining work.
   *
   * @return the count
   */
  public long customersWithoutId() {
    return customersWithoutId;
  }

  /**
   * Returns how many documents that are not customers carry an ID.
   *
   * @return the count
   */
  public long nonCustomersWithId() {
    return nonCustomersWithId;
  }

  /**
   * Returns the {@code _id}s of some non-customers that carry an ID.
   *
   * @return an unmodifiable list, capped at the sample limit
   */
  public List<Object> nonCustomerSamples() {
    return nonCustomerSamples;
  }

  /**
   * Returns how many documents of the whole collection carry an ID field.
   *
   * @return the count
   */
  public long documentsWithId() {
    return scan.documentsWithId();
  }

  /**
   * Returns how many stored values are not IDs of the format's prefix in any spelling.
   *
   * @return the count
   */
  public long malformedCount() {
    return scan.malformedCount();
  }

  /**
   * Returns how many stored values spell their number otherwise than the format (another padding,
   * with or without a check digit); they count as that number.
   *
   * @return the count
   */
  public long nonCanonicalCount() {
    return scan.nonCanonicalCount();
  }

  /**
   * Returns some malformed values with their documents.
   *
   * @return an unmodifiable list, capped at the sample limit
   */
  public List<MalformedId> malformed() {
    return scan.malformedSamples();
  }

  /**
   * Returns how many distinct IDs are carried by more than one document.
   *
   * @return the count, 0 when every ID is unique
   */
  public long duplicatedIdCount() {
    return scan.duplicatedNumbers();
  }

  /**
   * Returns the duplicated IDs with their documents.
   *
   * @return an unmodifiable list, capped at the sample limit (see {@link #duplicatedIdCount()})
   */
  public List<DuplicateId> duplicates() {
    return scan.duplicates();
  }

  /**
   * Returns the highest valid ID stored in the collection.
   *
   * @return the ID, or empty if no document carries a valid ID
   */
  public Optional<String> highestId() {
    return highestId;
  }

  /**
   * Returns the highest valid ID's number.
   *
   * @return the number, or empty if no document carries a valid ID
   */
  public OptionalLong highestNumber() {
    return scan.highestValue();
  }

  /**
   * Returns the counter's value: the last number issued.
   *
   * @return the value, or empty if the counter does not exist or could not be read (see {@link
   *     #findings()})
   */
  public OptionalLong counter() {
    return counter;
  }

  /**
   * Returns the ID the next allocation will hand out.
   *
   * @return the ID, or empty if the counter could not be read or is exhausted
   */
  public Optional<String> nextId() {
    return nextId;
  }

  /**
   * Returns the name of the unique index on the ID field.
   *
   * @return the index name, or empty if there is none
   */
  public Optional<String> uniqueIndex() {
    return uniqueIndex;
  }

  /**
   * Returns the report as a BSON document, for JSON output or storing.
   *
   * @return a new document; {@code ok} is {@code true} when there are no errors
   */
  public Document toDocument() {
    Document d = new Document("ok", !hasErrors())
        .append("namespace", namespace)
        .append("field", field)
        .append("sequence", sequence)
        .append("customersWithId", customersWithId)
        .append("customersWithoutId", customersWithoutId)
        .append("nonCustomersWithId", nonCustomersWithId)
        .append("nonCustomerSamples", nonCustomerSamples)
        .append("documentsWithId", documentsWithId())
        .append("malformedCount", malformedCount())
        .append("nonCanonicalCount", nonCanonicalCount());
    List<Document> malformed = new ArrayList<>();
    for (MalformedId m : malformed()) {
      malformed.add(new Document("_id", m.documentId()).append("value", m.value()));
    }
    d.append("malformed", malformed).append("duplicatedIdCount", duplicatedIdCount());
    List<Document> duplicates = new ArrayList<>();
    for (DuplicateId dup : duplicates()) {
      duplicates.add(new Document("id", dup.id()).append("documents", dup.documents())
          .append("_ids", dup.documentIds()));
    }
    d.append("duplicates", duplicates)
        .append("highestId", highestId.orElse(null))
        .append("counter", ReportJson.orNull(counter))
        .append("nextId", nextId.orElse(null))
        .append("uniqueIndex", uniqueIndex.orElse(null));
    List<Document> list = new ArrayList<>();
    for (Finding f : findings) {
      list.add(new Document("severity", f.severity().name()).append("code", f.code())
          .append("message", f.message()));
    }
    return d.append("findings", list);
  }

  /**
   * Returns the report as relaxed extended JSON ({@code ObjectId}s as {@code {"$oid": ...}}).
   *
   * @return one line of JSON, see {@link #toDocument()}
   */
  public String toJson() {
    return ReportJson.relaxed(toDocument());
  }

  /**
   * Renders the report for people, one fact per line, findings last.
   *
   * @return the multi-line report
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append("Verification of ").append(namespace).append('.').append(field)
        .append(" (counter \"").append(sequence).append("\")\n");
    line(s, "customers with an ID", customersWithId);
    line(s, "customers without an ID", customersWithoutId);
    line(s, "non-customers with an ID", nonCustomersWithId);
    line(s, "malformed IDs", malformedCount());
    line(s, "IDs in another spelling", nonCanonicalCount());
    line(s, "duplicated IDs", duplicatedIdCount());
    s.append(String.format(Locale.ROOT, "  %-26s %s%n", "highest ID", highestId.orElse("(none)")));
    s.append(String.format(Locale.ROOT, "  %-26s %s%n", "counter (last issued)",
        counter.isPresent() ? Long.toString(counter.getAsLong()) : "(none)"));
    s.append(String.format(Locale.ROOT, "  %-26s %s%n", "next ID", nextId.orElse("(unknown)")));
    s.append(String.format(Locale.ROOT, "  %-26s %s%n", "unique index", uniqueIndex.orElse("(missing)")));
    for (DuplicateId d : duplicates()) {
      s.append("  duplicate ").append(d.id()).append(" on ").append(d.documents())
          .append(" documents: _id ").append(d.documentIds()).append('\n');
    }
    for (MalformedId m : malformed()) {
      s.append("  malformed ").append(m.value()).append(" on _id ").append(m.documentId())
          .append('\n');
    }
    if (findings.isEmpty()) {
      s.append("OK: no problems found\n");
    }
    for (Finding f : findings) {
      s.append(f.severity()).append(' ').append(f.code()).append(": ").append(f.message())
          .append('\n');
    }
    return s.toString();
  }

  private static void line(StringBuilder s, String label, long value) {
    s.append(String.format(Locale.ROOT, "  %-26s %,d%n", label, value));
  }
}
