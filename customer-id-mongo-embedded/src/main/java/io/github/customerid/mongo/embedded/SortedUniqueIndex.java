package io.github.customerid.mongo.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;

/**
 * The backend's unique index (hash look-ups and duplicate-key checks, unchanged), also kept in key
 * order by a {@link SortedIndex}, so that a sorted, limited query on its keys walks it instead of
 * matching and sorting the whole collection. A real MongoDB serves a sort from any index, unique or
 * not; a streaming scan often sorts by a unique key (the {@code _id} index, or {@code {createdAt: 1,
 * _id: 1}}, unique because it ends with {@code _id}).
 *
 * <p>The base class's {@code updateInPlace} moves a document through {@link #remove} and {@link
 * #add}, so both views change together. Not thread-safe beyond the base class: the backend
 * serialises requests ({@link LinearizableBackend}).
 */
final class SortedUniqueIndex extends MemoryUniqueIndex {

  private final SortedIndex order;

  SortedUniqueIndex(String name, List<IndexKey> keys, boolean sparse) {
    super(name, keys, sparse);
    this.order = new SortedIndex(name, keys);
  }

  /** The same documents (and any the sparse index leaves out) in key order. */
  SortedIndex order() {
    return order;
  }

  @Override
  public synchronized void add(Document document, Integer position,
      MongoCollection<Integer> collection) {
    super.add(document, position, collection); // throws on a duplicate key before changing anything
    order.add(document, position, collection);
  }

  @Override
  public synchronized Integer remove(Document document) {
    Integer position = super.remove(document);
    order.remove(document);
    return position;
  }

  @Override
  public void drop() {
    super.drop();
    order.drop();
  }
}
