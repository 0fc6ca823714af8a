package io.github.customerid.mongo.migration;

import java.util.OptionalLong;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Writes this package's reports ({@link MigrationReport}, {@link VerificationReport}) as JSON, in one
 * way for both, so that a program reading the command line's JSON output sees the same conventions
 * everywhere: relaxed extended JSON (numbers plain, an {@code ObjectId} as {@code {"$oid": ...}}) and
 * {@code null} for a value that is absent.
 *
 * <p>Stateless and thread-safe.
 */
final class ReportJson {

  private static final JsonWriterSettings RELAXED =
      JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

  private ReportJson() {}

  /** Renders a report's document as one line of relaxed extended JSON. */
  static String relaxed(Document report) {
    return report.toJson(RELAXED);
  }

  /** Returns an optional number as a document value: the number, or {@code null} when absent. */
  static Long orNull(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : null;
  }
}
