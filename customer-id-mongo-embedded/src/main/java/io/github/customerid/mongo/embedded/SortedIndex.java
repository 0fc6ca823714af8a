package io.github.customerid.mongo.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A non-unique index kept in key order, for the one thing the bare backend cannot do fast: a sorted,
 * limited query ({@code find(filter).sort({createdAt: 1, _id: 1}).limit(1000)}, a page of a
 * streaming scan). mongo-java-server accepts a non-unique index and ignores it, so such a query
 * matches and sorts the whole collection for every page. With this index the collection answers it
 * by walking the index in order from the query's lower bound on the index's first keys, testing each
 * document against the whole query, and stopping after the page: the work per page no longer grows
 * with the collection.
 *
 * <p>Keys are read and compared exactly as the backend's own in-memory sort reads and compares them
 * ({@code Utils.getSubdocumentValueCollectionAware}, {@code ValueComparator.asc()}), so a walk returns
 * documents in the order the sort would. It never answers an unsorted query ({@link #canHandle}
 * is false), and it never rejects a document. Not thread-safe on its own: the backend serialises
 * requests ({@link LinearizableBackend}).
 */
final class SortedIndex extends Index<Integer> {

  /** Sorts below every value, as the start of an open range. */
  private static final Object LOWEST = new Object();

  private record Entry(List<Object> keys, int position) {}

  private final List<String> fields = new ArrayList<>();
  private final Comparator<Entry> order;
  private final NavigableSet<Entry> entries;
  private final Map<Object, Entry> byId = new HashMap<>();

  SortedIndex(String name, List<IndexKey> keys) {
    super(name, keys, true); // "sparse" like the backend's ignored index: removal may find nothing
    for (IndexKey key : keys) {
      fields.add(key.getKey());
    }
    ValueComparator values = ValueComparator.asc();
    Comparator<Object> lowestFirst = (a, b) -> a == LOWEST ? (b == LOWEST ? 0 : -1)
        : b == LOWEST ? 1 : values.compare(a, b);
    this.order = (a, b) -> {
      for (int i = 0; i < fields.size(); i++) {
        int c = lowestFirst.compare(a.keys().get(i), b.keys().get(i));
        if (c != 0) {
          return keys.get(i).isAscending() ? c : -c;
        }
      }
      return Integer.compare(a.position(), b.position());
    };
    this.entries = new TreeSet<>(order);
  }

  /** The index's fields, in order. */
  List<String> fields() {
    return fields;
  }

  /** Whether a sort spec is exactly this index's keys, in order and direction. */
  boolean matches(Document orderBy) {
    if (orderBy == null || orderBy.size() != fields.size()) {
      return false;
    }
    int i = 0;
    for (Map.Entry<String, Object> e : orderBy.entrySet()) {
      IndexKey key = getKeys().get(i++);
      boolean ascending = e.getValue() instanceof Number n && n.doubleValue() > 0;
      if (!e.getKey().equals(key.getKey()) || ascending != key.isAscending()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The positions in index order, starting at the query's lower bound on the first key when there
   * is one (only for an ascending first key); every match of the query is among them.
   */
  Iterable<Integer> positionsFrom(Document query) {
    NavigableSet<Entry> walk = entries;
    if (getKeys().get(0).isAscending()) {
      Optional<Object> bound = lowerBound(query, fields.get(0));
      if (bound.isPresent()) {
        List<Object> probe = new ArrayList<>();
        probe.add(bound.get());
        while (probe.size() < fields.size()) {
          probe.add(LOWEST);
        }
        walk = entries.tailSet(new Entry(probe, Integer.MIN_VALUE), true);
      }
    }
    NavigableSet<Entry> from = walk;
    return () -> from.stream().map(Entry::position).iterator();
  }

  /**
   * A value that every match of {@code query} has at {@code field} or above, if the query implies
   * one: equality, {@code $gt}, {@code $gte} on the field; the largest bound among the members of a
   * conjunction ({@code $and} and the top-level fields); the smallest among the branches of an
   * {@code $or}, when every branch has one.
   */
  static Optional<Object> lowerBound(Document query, String field) {
    Object best = null;
    for (Map.Entry<String, Object> e : query.entrySet()) {
      Object bound = null;
      if (e.getKey().equals(field)) {
        bound = fieldBound(e.getValue());
      } else if (e.getKey().equals("$and") && e.getValue() instanceof Collection<?> members) {
        for (Object member : members) {
          if (member instanceof Document d) {
            bound = max(bound, lowerBound(d, field).orElse(null));
          }
        }
      } else if (e.getKey().equals("$or") && e.getValue() instanceof Collection<?> branches) {
        bound = orBound(branches, field);
      }
      best = max(best, bound);
    }
    return Optional.ofNullable(best);
  }

  private static Object orBound(Collection<?> branches, String field) {
    Object lowest = null;
    for (Object branch : branches) {
      Object b = branch instanceof Document d ? lowerBound(d, field).orElse(null) : null;
      if (b == null) {
        return null; // one unbounded branch leaves the whole $or unbounded
      }
      lowest = lowest == null || ValueComparator.asc().compare(b, lowest) < 0 ? b : lowest;
    }
    return lowest;
  }

  private static Object fieldBound(Object condition) {
    if (!(condition instanceof Document d)) {
      return condition == null ? null : condition; // equality with a plain value
    }
    Object bound = null;
    boolean operators = false;
    for (Map.Entry<String, Object> e : d.entrySet()) {
      if (e.getKey().startsWith("$")) {
        operators = true;
        if (e.getKey().equals("$gt") || e.getKey().equals("$gte") || e.getKey().equals("$eq")) {
          bound = max(bound, e.getValue());
        }
      }
    }
    return operators ? bound : d; // no operator: equality with an embedded document
  }

  private static Object max(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return ValueComparator.asc().compare(a, b) >= 0 ? a : b;
  }

  private List<Object> keysOf(Document document) {
    List<Object> keys = new ArrayList<>(fields.size());
    for (String field : fields) {
      keys.add(Utils.getSubdocumentValueCollectionAware(document, field));
    }
    return keys;
  }

  @Override
  public Integer getPosition(Document document) {
    return null; // positions come from the unique indexes, as for the backend's ignored index
  }

  @Override
  public void checkAdd(Document document, MongoCollection<Integer> collection) {
    // never rejects: not unique
  }

  @Override
  public void add(Document document, Integer position, MongoCollection<Integer> collection) {
    Entry entry = new Entry(keysOf(document), position);
    Entry old = byId.put(document.get("_id"), entry);
    if (old != null) {
      entries.remove(old);
    }
    entries.add(entry);
  }

  @Override
  public Integer remove(Document document) {
    Entry old = byId.remove(document.get("_id"));
    if (old != null) {
      entries.remove(old);
    }
    return null; // "sparse": the collection takes the position from its unique indexes
  }

  @Override
  public boolean canHandle(Document query) {
    return false; // used only for sorted queries, by the collection
  }

  @Override
  public Iterable<Integer> getPositions(Document query) {
    throw new UnsupportedOperationException("a sorted index answers sorted queries only");
  }

  @Override
  public long getCount() {
    return entries.size();
  }

  @Override
  public long getDataSize() {
    return 0;
  }

  @Override
  public void checkUpdate(Document oldDocument, Document newDocument,
      MongoCollection<Integer> collection) {
    // never rejects: not unique
  }

  @Override
  public void updateInPlace(Document oldDocument, Document newDocument, Integer position,
      MongoCollection<Integer> collection) {
    remove(oldDocument);
    add(newDocument, position, collection);
  }

  @Override
  public void drop() {
    entries.clear();
    byId.clear();
  }
}
