package io.github.customerid.mongo.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * mongo-java-server's in-memory backend, with two query-planning rules a real MongoDB has and the
 * bare backend lacks. Either changes only the work a query takes, never its result.
 *
 * <ol>
 *   <li><b>Point look-ups.</b> A query that names a field of a single-field unique index (always
 *       {@code _id}) by equality or {@code $in}, next to other conditions, reads only the documents
 *       that index finds, then applies the whole query to them. The bare backend uses an index only
 *       when the query's fields are exactly the index's keys, so {@code {_id: X, role: "customer",
 *       customerId: null}} (a guarded update) scanned the whole collection. Top-level conditions are
 *       a conjunction, so every match is among the documents the index finds.
 *   <li><b>Sorted pages.</b> Every index is kept in key order: a non-unique one, which the bare
 *       backend accepts and ignores, as a {@link SortedIndex}; a unique one (including {@code _id})
 *       as the backend's own unique index plus a sorted view ({@link SortedUniqueIndex}). A query
 *       sorted by exactly an index's keys walks it from the query's lower bound and stops once the
 *       page is full, instead of matching and sorting the whole collection for every page.
 * </ol>
 */
final class IndexedMemoryBackend extends MemoryBackend {

  @Override
  public MemoryDatabase openOrCreateDatabase(String databaseName) {
    return new Database(databaseName, getCursorRegistry());
  }

  private static final class Database extends MemoryDatabase {
    Database(String databaseName, CursorRegistry cursorRegistry) {
      super(databaseName, cursorRegistry);
    }

    @Override
    protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName,
        List<IndexKey> keys, boolean sparse) {
      return new SortedUniqueIndex(indexName, keys, sparse);
    }

    @Override
    protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName,
        List<IndexKey> keys, boolean sparse) {
      return new SortedIndex(indexName, keys);
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
      SortedIndex sorted = sortedIndexFor(orderBy);
      if (sorted != null) {
        // In index order already: no sort; the stream is lazy, so the limit ends the walk.
        Stream<Document> inOrder = StreamSupport.stream(
            sorted.positionsFrom(query == null ? new Document() : query).spliterator(), false)
            .map(this::getDocument);
        return matchDocumentsFromStream(inOrder, query == null ? new Document() : query, null,
            numberToSkip, limit, batchSize, fieldSelector);
      }
      return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    private SortedIndex sortedIndexFor(Document orderBy) {
      if (orderBy == null || orderBy.isEmpty()) {
        return null;
      }
      for (Index<Integer> index : getIndexes()) {
        SortedIndex sorted = index instanceof SortedUniqueIndex unique ? unique.order()
            : index instanceof SortedIndex plain ? plain : null;
        if (sorted != null && sorted.matches(orderBy)) {
          return sorted;
        }
      }
      return null;
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
