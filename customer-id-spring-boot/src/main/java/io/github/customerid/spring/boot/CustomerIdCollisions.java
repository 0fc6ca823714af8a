package io.github.customerid.spring.boot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;

/**
 * Bookkeeping for collision healing. Per thread: the IDs the callback assigned whose write has not
 * been confirmed yet (Spring Data converts and writes on the caller's thread, so a failed write is
 * translated on the thread that assigned). Shared: the IDs that turned out to be taken, so that a new
 * entity saved again with one of them gets a fresh ID instead of colliding again.
 */
final class CustomerIdCollisions {

  /** Pending assignments kept per thread at most (the oldest are dropped: they were never written). */
  static final int MAX_PENDING = 1024;
  /** Collided IDs remembered at most. */
  static final int MAX_COLLIDED = 10_000;

  record Pending(CustomerIdMapping mapping, String collection, String id) {}

  private final ThreadLocal<ArrayDeque<Pending>> pending = ThreadLocal.withInitial(ArrayDeque::new);
  private final Set<String> collided = ConcurrentHashMap.newKeySet();

  void assigned(CustomerIdMapping mapping, String collection, String id) {
    ArrayDeque<Pending> mine = pending.get();
    if (mine.size() >= MAX_PENDING) {
      mine.pollFirst();
    }
    mine.addLast(new Pending(mapping, collection, id));
  }

  void saved(String collection, Document document) {
    ArrayDeque<Pending> mine = pending.get();
    if (mine.isEmpty()) {
      return;
    }
    for (Iterator<Pending> it = mine.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.collection().equals(collection) && p.id().equals(document.get(p.mapping().field()))) {
        it.remove();
        collided.remove(p.id());
        return;
      }
    }
  }

  /** Takes (and forgets) this thread's pending assignments. */
  List<Pending> drain() {
    ArrayDeque<Pending> mine = pending.get();
    List<Pending> all = new ArrayList<>(mine);
    mine.clear();
    return all;
  }

  void markCollided(String id) {
    if (collided.size() >= MAX_COLLIDED) {
      collided.clear();
    }
    collided.add(id);
  }

  boolean collided(String id) {
    return !collided.isEmpty() && collided.contains(id);
  }
}
