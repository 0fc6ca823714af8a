package io.github.customerid.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.github.customerid.core.CorruptCounterException;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.core.StoreException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unique index on the key field of a counter collection ({@code {name: 1}, unique}), which makes
 * two counter documents for one sequence impossible.
 *
 * <p>{@link MongoSequenceStore} relies on it: when two clients create the same new counter at once,
 * both upserts find no document and both insert; the index turns the second insert into a
 * duplicate-key error that the store diagnoses and retries. Without it there would be two counters,
 * and numbers would be issued twice. An {@code _id}-keyed layout needs no index: {@code _id} is
 * always unique.
 *
 * <p>The store creates the index on first use unless told not to ({@link
 * MongoSequenceStore.Builder#createCounterIndex(boolean)}). Create it yourself, at start-up or as an
 * administrator, with
 *
 * <pre>{@code
 * CounterIndex.ensure(database.getCollection("counters"), "name");
 * }</pre>
 *
 * <p>Idempotent and honest: an existing unique, non-partial index on the field is left alone. An index
 * on the field that is not unique, or is partial, is reported and never dropped or duplicated.
 * Concurrent calls from several processes are safe.
 */
public final class CounterIndex {

  private static final Logger log = LoggerFactory.getLogger(CounterIndex.class);

  private CounterIndex() {}

  /**
   * Ensures the unique index on {@code keyField} of {@code counters}.
   *
   * @param counters the counter collection
   * @param keyField the field holding the sequence name; {@code _id} needs no index
   * @return {@code collection.indexName} if this call created the index; empty if it was already in
   *     place or {@code keyField} is {@code _id}
   * @throws NullPointerException if an argument is null
   * @throws InvalidConfigurationException if {@code keyField} is not a top-level field name, or an
   *     index on the field exists that is not unique or is partial (left unchanged)
   * @throws CorruptCounterException if two counter documents share a sequence name, so the index
   *     cannot be built (nothing was written)
   * @throws StoreException if MongoDB failed
   */
  public static Optional<String> ensure(MongoCollection<?> counters, String keyField) {
    Objects.requireNonNull(counters, "counters");
    MongoNames.checkTopLevelField("keyField", keyField);
    if ("_id".equals(keyField)) {
      return Optional.empty();
    }
    try {
      return ensureOrThrowDriverError(counters, keyField);
    } catch (MongoException e) {
      throw new StoreException("MongoDB failed to create the unique index on " + keyField + " of "
          + counters.getNamespace() + ": " + e.getMessage(), e);
    }
  }

  /**
   * As {@link #ensure}, for a key field other than {@code _id}, leaving driver failures to the caller,
   * which names the operation that needed the index.
   */
  static Optional<String> ensureOrThrowDriverError(MongoCollection<?> counters, String keyField) {
    String where = counters.getNamespace().getFullName();
    for (SingleFieldIndex index : SingleFieldIndex.on(counters, keyField)) {
      if (!index.ascendingOrDescending()) {
        continue;
      }
      String problem = !index.unique() ? "is not unique"
          : index.partial() ? "is partial, so it does not cover every counter document" : null;
      if (problem != null) {
        throw new InvalidConfigurationException("index \"" + index.name() + "\" of " + where
            + " on the field \"" + keyField + "\" " + problem + " (" + index.toJson()
            + "). It was left unchanged; drop it and create the index again (CounterIndex.ensure) "
            + "to get a unique index");
      }
      log.debug("Index \"{}\" on {} (counters of all sequences) already in place: {}",
          index.name(), where, index.toJson());
      return Optional.empty();
    }
    String name;
    try {
      name = counters.createIndex(Indexes.ascending(keyField), new IndexOptions().unique(true));
    } catch (MongoException e) {
      if (MongoErrors.isDuplicateKey(e)) {
        throw new CorruptCounterException("cannot create the unique index on " + keyField + " of "
            + where + ": two or more counter documents share a sequence name (" + e.getMessage()
            + "). Nothing was written; keep the document with the highest value for each name, "
            + "delete the others, and try again", e);
      }
      throw e;
    }
    log.info("Created unique index \"{}\" on {} ({{}: 1}) (counters of all sequences)", name,
        where, keyField);
    return Optional.of(counters.getNamespace().getCollectionName() + "." + name);
  }
}
