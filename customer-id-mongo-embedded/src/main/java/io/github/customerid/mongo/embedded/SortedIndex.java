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

  /** Sorts before every value in index order (whatever the key's direction): a range's start. */
  private static final Object FIRST = new Object();

  /** Sorts after every value in index order: the end of all entries equal up to this key. */
  private static final Object LAST = new Object();

  private record Entry(List<Object> keys, int position) {}

  private final List<String> fields = new ArrayList<>();
  private final Comparator<Entry> order;
  private final NavigableSet<Entry> entries;
  private final Map<Object, Entry> byId = new HashMap<>();
  /** Entries with an array among their keys: the walk then takes no bound (see positionsFrom). */
  private int arrayKeyed;

  SortedIndex(String name, List<IndexKey> keys) {
    super(name, keys, true); // "sparse" like the backend's ignored index: removal may find nothing
    for (IndexKey key : keys) {
      fields.add(key.getKey());
    }
    ValueComparator values = ValueComparator.asc();
    this.order = (a, b) -> {
      for (int i = 0; i < fields.size(); i++) {
        Object x = a.keys().get(i);
        Object y = b.keys().get(i);
        int c = Integer.compare(edge(x), edge(y));
        if (c == 0 && edge(x) == 0) {
          c = values.compare(x, y);
          c = keys.get(i).isAscending() ? c : -c;
        }
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(a.position(), b.position());
    };
    this.entries = new TreeSet<>(order);
  }

  private static int edge(Object key) {
    return key == FIRST ? -1 : key == LAST ? 1 : 0;
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
   * The positions in index order, starting at the query's lower bound when it implies one (see
   * {@link #lowerBound(Document)}); every match of the query is among them. With an array among
   * any entry's keys the walk starts at the beginning: the sort orders an array by its smallest
   * element, while {@code $gt} matches it by any element, so a bound could skip a match.
   */
  Iterable<Integer> positionsFrom(Document query) {
    NavigableSet<Entry> walk = entries;
    if (arrayKeyed == 0) {
      Optional<Entry> bound = lowerBound(query);
      if (bound.isPresent()) {
        walk = entries.tailSet(bound.get(), true);
      }
    }
    NavigableSet<Entry> from = walk;
    return () -> from.stream().map(Entry::position).iterator();
  }

  /**
   * An entry that every match of {@code query} sorts at or after, if the query implies one, on the
   * index's leading ascending keys:
   *
   * <ul>
   *   <li>on the first key: equality, {@code $eq}, {@code $gte} (from that value on) and {@code $gt}
   *       (after every entry equal to that value);
   *   <li>on the first two keys together, when a conjunction pins the first key by equality and
   *       bounds the second: {@code {k: v, _id: {$gt: id}}} starts at {@code (v, id)};
   *   <li>a conjunction ({@code $and} and the top-level fields) takes the largest bound of its
   *       members; an {@code $or} the smallest of its branches, when every branch has one.
   * </ul>
   *
   * So the page after {@code (v, id)} of a streaming scan, {@code {$or: [{k: {$gt: v}}, {k: v, _id:
   * {$gt: id}}]}} (the two-key form inside an {@code $and}, as the driver writes it), starts at
   * {@code (v, id)}, not at the first entry with {@code k = v}: pages of documents that share their
   * first key (or lack it) do not walk the earlier ones again. A bound is exact only where the
   * matcher and the sort compare alike: for values other than arrays, {@code $gt v} matches exactly
   * what sorts after {@code v} ({@code DefaultQueryMatcher} compares with the same {@code
   * ValueComparator}); arrays are excluded by {@link #positionsFrom}.
   */
  Optional<Entry> lowerBound(Document query) {
    if (!getKeys().get(0).isAscending()) {
      return Optional.empty();
    }
    return Optional.ofNullable(conjunctionBound(query));
  }

  /** The bound on the first key alone, for a single-field view of {@link #lowerBound}. */
  static Optional<Object> lowerBound(Document query, String field) {
    SortedIndex single = new SortedIndex("bound", List.of(new IndexKey(field, true)));
    return single.lowerBound(query).map(e -> e.keys().get(0));
  }

  private Entry conjunctionBound(Document conjunction) {
    List<Map.Entry<String, Object>> conditions = new ArrayList<>();
    List<Collection<?>> disjunctions = new ArrayList<>();
    flatten(conjunction, conditions, disjunctions);
    Entry best = null;
    Object firstEqual = NONE;
    Bound second = null;
    for (Map.Entry<String, Object> c : conditions) {
      if (c.getKey().equals(fields.get(0))) {
        Bound b = fieldBound(c.getValue());
        if (b != null) {
          best = max(best, probe(java.util.Collections.singletonList(b.value()), b.exclusive()));
          if (b.equality()) {
            firstEqual = b.value();
          }
        }
      } else if (fields.size() > 1 && getKeys().get(1).isAscending()
          && c.getKey().equals(fields.get(1))) {
        Bound b = fieldBound(c.getValue());
        if (b != null && (second == null || compareValues(b, second) > 0)) {
          second = b;
        }
      }
    }
    if (firstEqual != NONE && second != null) {
      best = max(best, probe(java.util.Arrays.asList(firstEqual, second.value()),
          second.exclusive()));
    }
    for (Collection<?> branches : disjunctions) {
      best = max(best, disjunctionBound(branches));
    }
    return best;
  }

  /** Marks "no equality on the first key" (null is a value: {@code {k: null}}). */
  private static final Object NONE = new Object();

  /** The top-level conditions of a conjunction and of its nested {@code $and}s, and its {@code $or}s. */
  private static void flatten(Document conjunction, List<Map.Entry<String, Object>> conditions,
      List<Collection<?>> disjunctions) {
    for (Map.Entry<String, Object> e : conjunction.entrySet()) {
      if (e.getKey().equals("$and") && e.getValue() instanceof Collection<?> members) {
        for (Object member : members) {
          if (member instanceof Document d) {
            flatten(d, conditions, disjunctions);
          }
        }
      } else if (e.getKey().equals("$or") && e.getValue() instanceof Collection<?> branches) {
        disjunctions.add(branches);
      } else if (!e.getKey().startsWith("$")) {
        conditions.add(e);
      }
    }
  }

  private Entry disjunctionBound(Collection<?> branches) {
    Entry lowest = null;
    for (Object branch : branches) {
      Entry b = branch instanceof Document d ? conjunctionBound(d) : null;
      if (b == null) {
        return null; // one unbounded branch leaves the whole $or unbounded
      }
      lowest = lowest == null || order.compare(b, lowest) < 0 ? b : lowest;
    }
    return lowest;
  }

  /** A lower bound on one field: the value, whether it is excluded, whether it is an equality. */
  private record Bound(Object value, boolean exclusive, boolean equality) {}

  private static Bound fieldBound(Object condition) {
    if (!(condition instanceof Document d)) {
      return usable(condition) ? new Bound(condition, false, true) : null; // a plain value
    }
    Bound bound = null;
    boolean operators = false;
    int count = 0;
    for (Map.Entry<String, Object> e : d.entrySet()) {
      count++;
      if (e.getKey().startsWith("$")) {
        operators = true;
        String op = e.getKey();
        if ((op.equals("$gt") || op.equals("$gte") || op.equals("$eq")) && usable(e.getValue())) {
          Bound b = new Bound(e.getValue(), op.equals("$gt"), op.equals("$eq"));
          if (bound == null || compareValues(b, bound) > 0) {
            bound = b;
          }
        }
      }
    }
    if (!operators) {
      return new Bound(d, false, true); // equality with an embedded document
    }
    return bound != null && bound.equality() && count > 1
        ? new Bound(bound.value(), false, false) // {$eq: v, ...}: a bound, not a pinned value
        : bound;
  }

  /** Arrays in a query compare by element in the matcher: no bound from them. */
  private static boolean usable(Object value) {
    return !(value instanceof Collection<?>);
  }

  /** Orders bounds on one field: by value; at an equal value the exclusive one is the larger. */
  private static int compareValues(Bound a, Bound b) {
    int c = ValueComparator.asc().compare(a.value(), b.value());
    return c != 0 ? c : Boolean.compare(a.exclusive(), b.exclusive());
  }

  /**
   * The entry at the start of the range from {@code prefix} (its leading keys): before every entry
   * that begins with it, or, if {@code exclusive}, after every one.
   */
  private Entry probe(List<Object> prefix, boolean exclusive) {
    List<Object> keys = new ArrayList<>(prefix);
    while (keys.size() < fields.size()) {
      keys.add(exclusive ? LAST : FIRST);
    }
    return new Entry(keys, exclusive && prefix.size() == fields.size() ? Integer.MAX_VALUE
        : Integer.MIN_VALUE);
  }

  private Entry max(Entry a, Entry b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return order.compare(a, b) >= 0 ? a : b;
  }

  private void forget(Entry old) {
    entries.remove(old);
    if (hasArray(old)) {
      arrayKeyed--;
    }
  }

  private static boolean hasArray(Entry entry) {
    for (Object key : entry.keys()) {
      if (key instanceof Collection<?>) {
        return true;
      }
    }
    return false;
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
      forget(old);
    }
    entries.add(entry);
    if (hasArray(entry)) {
      arrayKeyed++;
    }
  }

  @Override
  public Integer remove(Document document) {
    Entry old = byId.remove(document.get("_id"));
    if (old != null) {
      forget(old);
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
    arrayKeyed = 0;
  }
}
