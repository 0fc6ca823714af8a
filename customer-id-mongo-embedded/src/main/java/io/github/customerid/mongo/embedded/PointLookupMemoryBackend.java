package io.github.customerid.mongo.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

/**
 * mongo-java-server's in-memory backend, with one query-planning rule a real MongoDB has and the
 * bare backend lacks: a query that names a field of a single-field unique index (always {@code _id})
 * by equality or {@code $in}, next to other conditions, reads only the documents that index finds,
 * then applies the whole query to them.
 *
 * <p>The bare backend uses an index only when the query's fields are exactly the index's keys, so
 * {@code {_id: X, role: "customer", customerId: null}} (a guarded update) scans the whole collection:
 * a migration that numbers n customers that way does n full scans. Real servers answer it through
 * the {@code _id} index. The result is the same either way (top-level conditions are a conjunction,
 * so every match is among the documents the index finds); only the work differs.
 */
final class PointLookupMemoryBackend extends MemoryBackend {

  @Override
  public MemoryDatabase openOrCreateDatabase(String databaseName) {
    return new Database(databaseName, getCursorRegistry());
  }

  private static final class Database extends MemoryDatabase {
    Database(String databaseName, CursorRegistry cursorRegistry) {
      super(databaseName, cursorRegistry);
    }

    @Override
    protected MemoryCollection openOrCreateCollection(String collectionName,
        CollectionOptions options) {
      return new Collection(this, collectionName, options, cursorRegistry);
    }
  }

  private static final class Collection extends MemoryCollection {
    Collection(MongoDatabase database, String collectionName, CollectionOptions options,
        CursorRegistry cursorRegistry) {
      super(database, collectionName, options, cursorRegistry);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip,
        int limit, int batchSize, Document fieldSelector) {
      Index<Integer> narrowing = query == null || query.size() < 2 ? null : narrowingIndex(query);
      if (narrowing != null) {
        Document narrow = new Document(key(narrowing), query.get(key(narrowing)));
        return matchDocuments(query, narrowing.getPositions(narrow), orderBy, numberToSkip, limit,
            batchSize, fieldSelector);
      }
      return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /** A single-field index that finds a superset of the query's matches; the _id index first. */
    private Index<Integer> narrowingIndex(Document query) {
      Index<Integer> found = null;
      for (Index<Integer> index : getIndexes()) {
        if (index.canHandle(query)) {
          return null; // an index on exactly the query's fields: the backend's own rule applies
        }
        if (index.getKeys().size() != 1 || !query.containsKey(key(index))
            || !index.canHandle(new Document(key(index), query.get(key(index))))) {
          continue;
        }
        if (found == null || key(index).equals(getIdField())) {
          found = index;
        }
      }
      return found;
    }

    private static String key(Index<?> index) {
      return index.getKeys().get(0).getKey();
    }
  }
}
