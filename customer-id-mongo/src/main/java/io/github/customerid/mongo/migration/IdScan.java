package io.github.customerid.mongo.migration;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.github.customerid.core.IdFormat;
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
 * One streaming pass over every document of a collection that carries the ID field: the highest valid
 * ID, the malformed values and the duplicated numbers. Memory stays small for dense numbering: numbers
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
  static Result scan(MongoCollection<Document> users, String field, IdFormat format,
      int sampleLimit) {
    BitSet seenSmall = new BitSet();
    BitSet duplicatedSmall = new BitSet();
    Set<Long> seenLarge = new HashSet<>();
    Set<Long> duplicatedLarge = new HashSet<>();
    List<VerificationReport.MalformedId> malformedSamples = new ArrayList<>();
    List<Long> duplicateSamples = new ArrayList<>();
    long withId = 0;
    long highest = 0;
    long malformed = 0;
    long duplicatedNumbers = 0;
    long surplus = 0;
    try (MongoCursor<Document> cursor = users.find(Filters.ne(field, null))
        .projection(Projections.include("_id", field))
        .batchSize(5_000)
        .iterator()) {
      while (cursor.hasNext()) {
        Document doc = cursor.next();
        withId++;
        Object value = doc.get(field);
        OptionalLong parsed = value instanceof String
            ? format.tryParse((String) value)
            : OptionalLong.empty();
        if (parsed.isEmpty()) {
          malformed++;
          if (malformedSamples.size() < sampleLimit) {
            malformedSamples.add(new VerificationReport.MalformedId(
                doc.get("_id"), describe(value)));
          }
          continue;
        }
        long n = parsed.getAsLong();
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
    return new Result(withId, highest, malformed, List.copyOf(malformedSamples), duplicatedNumbers,
        surplus, describeDuplicates(users, field, format, duplicateSamples, sampleLimit));
  }

  /** Fetches the {@code _id}s of the documents sharing each sampled duplicated number, capped. */
  private static List<VerificationReport.DuplicateId> describeDuplicates(
      MongoCollection<Document> users, String field, IdFormat format, List<Long> numbers,
      int sampleLimit) {
    if (numbers.isEmpty()) {
      return List.of();
    }
    Map<String, List<Object>> ids = new LinkedHashMap<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (long n : numbers) {
      ids.put(format.format(n), new ArrayList<>());
      counts.put(format.format(n), 0L);
    }
    try (MongoCursor<Document> cursor = users.find(Filters.in(field, ids.keySet()))
        .projection(Projections.include("_id", field))
        .iterator()) {
      while (cursor.hasNext()) {
        Document doc = cursor.next();
        String id = doc.getString(field);
        List<Object> list = ids.get(id);
        if (list == null) {
          continue;
        }
        counts.merge(id, 1L, Long::sum);
        if (list.size() < sampleLimit) {
          list.add(doc.get("_id"));
        }
      }
    }
    List<VerificationReport.DuplicateId> result = new ArrayList<>();
    ids.forEach((id, list) ->
        result.add(new VerificationReport.DuplicateId(id, counts.get(id), List.copyOf(list))));
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
