package io.github.customerid.mongo.migration;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.github.customerid.core.IdFormat;
import io.github.customerid.mongo.customers.CustomerIdScheme;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.bson.Document;

/**
 * One streaming pass over every document of a collection that carries the ID field: the highest
 * number, the malformed values, the values in another spelling than the format's, and the duplicated
 * numbers (two spellings of one number are a duplicate). Values are read by {@link
 * CustomerIdScheme#numberOf(Object, long)}, as reconcile reads them; under a check digit a first pass
 * finds its second argument. Memory stays small for dense numbering: numbers
 * below {@link #BITSET_LIMIT} are remembered in a bit set (1 bit per number), only larger ones in a
 * hash set. Nothing is written.
 */
final class IdScan {

  /** Numbers below this are tracked in a {@link BitSet}: at most 16 MiB for dense data. */
  static final long BITSET_LIMIT = 1L << 27;

  private IdScan() {}

  /** What one pass found. */
  record Result(
      long documentsWithId,
      long highest,
      long nonCanonicalCount,
      long malformedCount,
      List<VerificationReport.MalformedId> malformedSamples,
      long duplicatedNumbers,
      long surplusDocuments,
      List<VerificationReport.DuplicateId> duplicates) {

    OptionalLong highestValue() {
      return highest > 0 ? OptionalLong.of(highest) : OptionalLong.empty();
    }
  }

  /**
   * Scans {@code users}.
   *
   * @param sampleLimit how many malformed values, duplicated IDs and {@code _id}s per duplicated ID to
   *     keep for the report
   */
  static Result scan(CustomerIdScheme scheme, int sampleLimit) {
    MongoCollection<Document> users = scheme.collection();
    String field = scheme.idField();
    BitSet seenSmall = new BitSet();
    BitSet duplicatedSmall = new BitSet();
    Set<Long> seenLarge = new HashSet<>();
    Set<Long> duplicatedLarge = new HashSet<>();
    List<VerificationReport.MalformedId> malformedSamples = new ArrayList<>();
    List<Long> duplicateSamples = new ArrayList<>();
    long withId = 0;
    long highest = 0;
    long malformed = 0;
    long nonCanonical = 0;
    long duplicatedNumbers = 0;
    long surplus = 0;
    long plainOnly = scheme.highestPlainOnlyNumber();
    try (MongoCursor<Document> cursor = users.find(Filters.ne(field, null))
        .projection(Projections.include("_id", field))
        .batchSize(5_000)
        .iterator()) {
      while (cursor.hasNext()) {
        Document doc = cursor.next();
        withId++;
        Object value = doc.get(field);
        OptionalLong parsed = scheme.numberOf(value, plainOnly);
        if (parsed.isEmpty()) {
          malformed++;
          if (malformedSamples.size() < sampleLimit) {
            malformedSamples.add(new VerificationReport.MalformedId(
                doc.get("_id"), describe(value)));
          }
          continue;
        }
        long n = parsed.getAsLong();
        if (!scheme.isCanonical(value)) {
          nonCanonical++;
        }
        highest = Math.max(highest, n);
        boolean firstDuplicate;
        boolean duplicate;
        if (n < BITSET_LIMIT) {
          int i = (int) n;
          duplicate = seenSmall.get(i);
          seenSmall.set(i);
          firstDuplicate = duplicate && !duplicatedSmall.get(i);
          if (duplicate) {
            duplicatedSmall.set(i);
          }
        } else {
          duplicate = !seenLarge.add(n);
          firstDuplicate = duplicate && duplicatedLarge.add(n);
        }
        if (duplicate) {
          surplus++;
          if (firstDuplicate) {
            duplicatedNumbers++;
            if (duplicateSamples.size() < sampleLimit) {
              duplicateSamples.add(n);
            }
          }
        }
      }
    }
    return new Result(withId, highest, nonCanonical, malformed, List.copyOf(malformedSamples), duplicatedNumbers,
        surplus, describeDuplicates(scheme, duplicateSamples, sampleLimit, plainOnly));
  }

  /**
   * Fetches the {@code _id}s of the documents sharing each sampled duplicated number, in any
   * spelling, capped; each duplicate is named by the number's canonical ID.
   */
  private static List<VerificationReport.DuplicateId> describeDuplicates(CustomerIdScheme scheme,
      List<Long> numbers, int sampleLimit, long plainOnly) {
    if (numbers.isEmpty()) {
      return List.of();
    }
    Map<Long, List<Object>> ids = new LinkedHashMap<>();
    Map<Long, Long> counts = new LinkedHashMap<>();
    List<String> spellings = new ArrayList<>();
    for (long n : numbers) {
      ids.put(n, new ArrayList<>());
      counts.put(n, 0L);
      spellings.addAll(scheme.spellingsOf(n));
      // The plain spellings too: under a check digit, one may read as n only as an old plain ID.
      String digits = Long.toString(n);
      for (int zeros = 0; digits.length() + zeros <= IdFormat.MAX_MIN_DIGITS; zeros++) {
        spellings.add(scheme.format().prefix() + "0".repeat(zeros) + digits);
      }
    }
    try (MongoCursor<Document> cursor = scheme.collection()
        .find(Filters.in(scheme.idField(), spellings))
        .projection(Projections.include("_id", scheme.idField()))
        .iterator()) {
      while (cursor.hasNext()) {
        Document doc = cursor.next();
        OptionalLong n = scheme.numberOf(doc.get(scheme.idField()), plainOnly);
        List<Object> list = n.isPresent() ? ids.get(n.getAsLong()) : null;
        if (list == null) {
          continue;
        }
        counts.merge(n.getAsLong(), 1L, Long::sum);
        if (list.size() < sampleLimit) {
          list.add(doc.get("_id"));
        }
      }
    }
    List<VerificationReport.DuplicateId> result = new ArrayList<>();
    ids.forEach((n, list) -> result.add(new VerificationReport.DuplicateId(
        scheme.format().format(n), counts.get(n), List.copyOf(list))));
    return List.copyOf(result);
  }

  /** Renders a stored value for a report: strings quoted, other types named. */
  static String describe(Object value) {
    if (value instanceof String) {
      String s = (String) value;
      return "\"" + (s.length() > 64 ? s.substring(0, 64) + "…" : s) + "\"";
    }
    return String.valueOf(value) + " (" + value.getClass().getSimpleName() + ", not a string)";
  }
}
