package io.github.customerid.mongo.migration;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.github.customerid.core.CorruptCounterException;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.StoreException;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.mongo.customers.CustomerIdScheme;
import io.github.customerid.mongo.migration.VerificationReport.Finding;
import io.github.customerid.mongo.migration.VerificationReport.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Checks the customers' IDs and the counter in one call, read-only: the verification queries of the
 * Node/Mongoose system this library replaces
 * ({@code db.counters.findOne({name: "customerId"})}, the two {@code count()}s) plus what they miss.
 *
 * <pre>{@code
 * CustomerIdScheme scheme = CustomerIdScheme.of(db.getCollection("users"));
 * VerificationReport r = CustomerIdVerifier.builder(scheme, store).build().verify();
 * System.out.println(r);            // for people
 * boolean broken = r.hasErrors();   // for programs; r.toJson() for machines
 * }</pre>
 *
 * <p>What is checked, and what counts as an {@linkplain Severity#ERROR error}:
 *
 * <table>
 *   <caption>Checks</caption>
 *   <tr><th>code</th><th>severity</th><th>meaning</th></tr>
 *   <tr><td>{@code DUPLICATE_IDS}</td><td>error</td><td>a number is carried by two or more documents,
 *       in any spellings
 *       (the report names their {@code _id}s, capped)</td></tr>
 *   <tr><td>{@code COUNTER_BEHIND}</td><td>error</td><td>the counter is below the highest ID stored
 *       (or missing while IDs exist): the next allocations would collide</td></tr>
 *   <tr><td>{@code COUNTER_CORRUPT}</td><td>error</td><td>the counter document cannot be read</td></tr>
 *   <tr><td>{@code MALFORMED_IDS}</td><td>error</td><td>a stored value is not an ID of the format's
 *       prefix in any spelling (a look-up by ID can never find that customer)</td></tr>
 *   <tr><td>{@code UNIQUE_INDEX_MISSING}</td><td>error</td><td>no unique index on the ID field: nothing
 *       in the database stops a duplicate (the message says how to create it: the command {@code
 *       customer-id index}, or {@code CustomerIdIndex.of(scheme).ensure()})</td></tr>
 *   <tr><td>{@code NON_CUSTOMERS_WITH_ID}</td><td>warning</td><td>documents outside the customer filter
 *       carry an ID</td></tr>
 *   <tr><td>{@code NON_CANONICAL_IDS}</td><td>warning</td><td>a stored value spells its number
 *       otherwise than the format (other padding, with or without check digit); it counts as that
 *       number for duplicates and the counter</td></tr>
 *   <tr><td>{@code CUSTOMERS_WITHOUT_ID}</td><td>warning</td><td>customers still to be migrated</td></tr>
 * </table>
 *
 * <p>Cost: three {@code countDocuments}, one index listing, one counter read and one streaming pass over
 * the documents that carry the field (projected to {@code _id} and the field; memory about one bit per
 * number for dense numbering). Nothing is written.
 *
 * <p>Immutable and thread-safe.
 */
public final class CustomerIdVerifier {

  /** How to fix {@code UNIQUE_INDEX_MISSING}, for users of the command line and of the API alike. */
  private static final String CREATE_INDEX = "create the unique sparse index with the command"
      + " `customer-id index` (same connection options) or, in Java,"
      + " CustomerIdIndex.of(scheme).ensure()";

  /** Default number of examples kept per kind of problem. */
  public static final int DEFAULT_SAMPLE_LIMIT = 10;

  private final Settings settings;
  private final int sampleLimit;

  private CustomerIdVerifier(Builder b) {
    this.settings = b.settings;
    this.sampleLimit = b.sampleLimit;
  }

  /**
   * Starts a builder.
   *
   * @param scheme where the customer IDs live: collection, ID field, customers, format, sequence
   * @param store the counter store the IDs are allocated from
   * @return a builder
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(CustomerIdScheme scheme, SequenceStore store) {
    return new Builder(new Settings(scheme, store));
  }

  /**
   * Runs every check.
   *
   * @return the report; {@link VerificationReport#hasErrors()} tells whether anything needs repair
   * @throws StoreException if the database could not be read (a corrupt counter is a finding, not an
   *     exception)
   */
  public VerificationReport verify() {
    Settings s = settings;
    try {
      Bson hasId = Filters.ne(s.field, null);
      long withId = s.users.countDocuments(Filters.and(s.customerFilter, hasId));
      long withoutId = s.users.countDocuments(s.customersWithoutId());
      Bson nonCustomersWithId = Filters.and(Filters.nor(s.customerFilter), hasId);
      long nonCustomers = s.users.countDocuments(nonCustomersWithId);
      List<Object> nonCustomerSamples = new ArrayList<>();
      if (nonCustomers > 0) {
        for (Document d : s.users.find(nonCustomersWithId).projection(Projections.include("_id"))
            .limit(sampleLimit)) {
          nonCustomerSamples.add(d.get("_id"));
        }
      }
      IdScan.Result scan = IdScan.scan(s.scheme, sampleLimit);
      Optional<String> index = s.uniqueIndexOnField();
      Optional<String> nonUnique = index.isPresent() ? Optional.empty() : s.anyIndexOnField();

      List<Finding> findings = new ArrayList<>();
      OptionalLong counter = OptionalLong.empty();
      boolean counterReadable = true;
      try {
        counter = s.store.current(s.sequence);
      } catch (CorruptCounterException e) {
        counterReadable = false;
        findings.add(new Finding(Severity.ERROR, "COUNTER_CORRUPT", e.getMessage()));
      }
      Optional<String> next = Optional.empty();
      if (counterReadable) {
        long c = counter.orElse(0);
        next = c < Long.MAX_VALUE ? Optional.of(s.format.format(c + 1)) : Optional.empty();
      }
      Optional<String> highestId = scan.highest() > 0
          ? Optional.of(s.format.format(scan.highest()))
          : Optional.empty();

      if (scan.duplicatedNumbers() > 0) {
        StringBuilder m = new StringBuilder().append(scan.duplicatedNumbers())
            .append(" ID(s) are carried by more than one document (")
            .append(scan.surplusDocuments()).append(" surplus document(s))");
        for (VerificationReport.DuplicateId d : scan.duplicates()) {
          m.append("; ").append(d.id()).append(" on _id ").append(d.documentIds());
        }
        findings.add(new Finding(Severity.ERROR, "DUPLICATE_IDS", m.toString()));
      }
      if (counterReadable && scan.highest() > counter.orElse(0)) {
        String where = counter.isPresent()
            ? "the counter \"" + s.sequence + "\" is at " + counter.getAsLong()
            : "the counter \"" + s.sequence + "\" does not exist";
        findings.add(new Finding(Severity.ERROR, "COUNTER_BEHIND", where + " but "
            + highestId.orElseThrow() + " is already stored in " + s.namespace()
            + ": the next allocation (" + next.orElse("?") + ") collides with an existing ID;"
            + " reconcile moves the counter to " + scan.highest()));
      }
      if (scan.malformedCount() > 0) {
        StringBuilder m = new StringBuilder().append(scan.malformedCount())
            .append(" value(s) of ").append(s.field).append(" are not IDs, in any spelling, of ")
            .append(s.format);
        for (VerificationReport.MalformedId bad : scan.malformedSamples()) {
          m.append("; ").append(bad.value()).append(" on _id ").append(bad.documentId());
        }
        findings.add(new Finding(Severity.ERROR, "MALFORMED_IDS", m.toString()));
      }
      if (index.isEmpty()) {
        findings.add(new Finding(Severity.ERROR, "UNIQUE_INDEX_MISSING", nonUnique
            .map(n -> "the index \"" + n + "\" on " + s.namespace() + "." + s.field
                + " is not unique: nothing in the database stops a duplicate ID; drop it, then "
                + CREATE_INDEX)
            .orElse("there is no unique index on " + s.namespace() + "." + s.field
                + ": nothing in the database stops a duplicate ID; " + CREATE_INDEX)));
      }
      if (nonCustomers > 0) {
        findings.add(new Finding(Severity.WARNING, "NON_CUSTOMERS_WITH_ID", nonCustomers
            + " document(s) outside the customer filter carry " + s.field + ", for example _id "
            + nonCustomerSamples));
      }
      if (scan.nonCanonicalCount() > 0) {
        findings.add(new Finding(Severity.WARNING, "NON_CANONICAL_IDS", scan.nonCanonicalCount()
            + " value(s) of " + s.field + " spell their number otherwise than " + s.format
            + " (written before a change of padding or check digit?); they count as their number"
            + " everywhere, and look-ups find them"));
      }
      if (withoutId > 0) {
        findings.add(new Finding(Severity.WARNING, "CUSTOMERS_WITHOUT_ID", withoutId
            + " customer(s) have no " + s.field + " yet; run the migration"));
      }
      findings.sort(Comparator.comparing(Finding::severity));
      return new VerificationReport(s.namespace(), s.field, s.sequence, withId, withoutId,
          nonCustomers, nonCustomerSamples, scan, highestId, counter, next, index, findings);
    } catch (MongoException e) {
      throw new StoreException("verification of " + s.namespace() + "." + s.field
          + " failed: " + e.getMessage(), e);
    }
  }

  /** Builds a {@link CustomerIdVerifier}. Not thread-safe; the verifier is. */
  public static final class Builder {
    private final Settings settings;
    private int sampleLimit = DEFAULT_SAMPLE_LIMIT;

    private Builder(Settings settings) {
      this.settings = settings;
    }

    /**
     * Sets how many examples are kept per kind of problem (default {@value #DEFAULT_SAMPLE_LIMIT}).
     *
     * @param limit 1 to 1,000
     * @return this builder
     * @throws IllegalArgumentException naming the value if out of range
     */
    public Builder sampleLimit(int limit) {
      if (limit < 1 || limit > 1_000) {
        throw new IllegalArgumentException("sample limit must be between 1 and 1000, was " + limit);
      }
      this.sampleLimit = limit;
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     */
    public CustomerIdVerifier build() {
      return new CustomerIdVerifier(this);
    }
  }
}
