package io.github.customerid.mongo.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link MongoBackend} decorator that makes mongo-java-server behave like a server with
 * single-document atomicity, as a real MongoDB has.
 *
 * <p>Why it exists: the bare in-memory backend hands its <em>live</em> stored document back as the
 * reply of {@code findAndModify}, and the reply is encoded later, on the network thread. By then another
 * request may have incremented the same document, so two clients read the same counter value (about
 * 0.7% of contended {@code $inc} calls, measured). This decorator runs every request under one global
 * lock and deep-copies every reply document inside the lock, so what is encoded is a snapshot taken
 * atomically with the update.
 *
 * <p>Cost: the server handles one request at a time. That is fine for tests and demos; it is the
 * behaviour, not the speed, of a real server that matters here.
 *
 * <p>Thread-safe.
 */
public final class LinearizableBackend implements MongoBackend {

  private final MongoBackend delegate;
  private final ReentrantLock lock = new ReentrantLock();

  /**
   * Wraps a backend.
   *
   * @param delegate the backend to serialise, usually a fresh {@code MemoryBackend}
   * @throws NullPointerException if {@code delegate} is null
   */
  public LinearizableBackend(MongoBackend delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public void handleClose(Channel channel) {
    lock.lock();
    try {
      delegate.handleClose(channel);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    lock.lock();
    try {
      return copy(delegate.handleCommand(channel, database, command, query));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public QueryResult handleQuery(MongoQuery query) {
    lock.lock();
    try {
      QueryResult result = delegate.handleQuery(query);
      if (result == null) {
        return null;
      }
      List<Document> copies = new ArrayList<>();
      for (Document d : result.collectDocuments()) {
        copies.add(copy(d));
      }
      return new QueryResult(copies, result.getCursorId());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Document handleMessage(MongoMessage message) {
    lock.lock();
    try {
      return copy(delegate.handleMessage(message));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void dropDatabase(String database) {
    lock.lock();
    try {
      delegate.dropDatabase(database);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Collection<Document> getCurrentOperations(MongoQuery query) {
    lock.lock();
    try {
      return delegate.getCurrentOperations(query);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Document getServerStatus() {
    lock.lock();
    try {
      return copy(delegate.getServerStatus());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      delegate.close();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void closeCursors(List<Long> cursorIds) {
    lock.lock();
    try {
      delegate.closeCursors(cursorIds);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Clock getClock() {
    return delegate.getClock();
  }

  @Override
  public void enableOplog() {
    lock.lock();
    try {
      delegate.enableOplog();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void disableOplog() {
    lock.lock();
    try {
      delegate.disableOplog();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public MongoDatabase resolveDatabase(String database) {
    lock.lock();
    try {
      return delegate.resolveDatabase(database);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public MongoBackend version(MongoVersion version) {
    lock.lock();
    try {
      delegate.version(version);
      return this;
    } finally {
      lock.unlock();
    }
  }

  private static Document copy(Document reply) {
    return reply == null ? null : reply.cloneDeeply();
  }
}
