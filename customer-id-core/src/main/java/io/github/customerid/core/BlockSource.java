package io.github.customerid.core;

import io.github.customerid.core.listener.DiscardReason;
import io.github.customerid.core.listener.Outcome;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.listener.StoreOperation;
import io.github.customerid.core.spi.SequenceStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Block (segment) hand-out with prefetch, for {@link AllocationMode#BLOCK}.
 *
 * <p>Hot path: one {@code getAndIncrement} on the current block's cursor, no lock, no allocation. The
 * thread that hands out the value leaving exactly {@code threshold} values in the block starts the
 * fetch of the next block in the background. The thread that finds the block exhausted takes the lock,
 * installs the prefetched block (waiting for it if it is still in flight, fetching synchronously if
 * there is none or it failed) and retries.
 *
 * <p>Uniqueness: every block comes from one atomic {@link SequenceStore#allocate} and blocks are
 * therefore disjoint; within a block, each value is returned by exactly one successful {@code
 * getAndIncrement}.
 */
final class BlockSource {

  private static final Logger log = LoggerFactory.getLogger(BlockSource.class);

  /**
   * A reserved range {@code [first, end]}, the next value to hand out, and how many values may be left
   * when the value handed out starts the prefetch (-1: never).
   */
  private static final class Block {
    final long first;
    final long end;
    final long threshold;
    final AtomicLong cursor;

    Block(long first, long end, long threshold) {
      this.first = first;
      this.end = end;
      this.threshold = threshold;
      this.cursor = new AtomicLong(first);
    }
  }

  private static final Block EMPTY = new Block(1, 0, -1);

  private final SequenceStore store;
  private final String sequence;
  private final int blockSize;
  /**
   * Values left when the prefetch starts; grows when callers catch up with a prefetch still in flight.
   * Read when a block is created, never on the hot path.
   */
  private volatile long threshold;
  private final Executor executor;
  private final ReentrantLock refill = new ReentrantLock();
  private final AtomicReference<CompletableFuture<Block>> pending = new AtomicReference<>();
  private volatile Block current = EMPTY;
  private volatile boolean closed;
  private final SequenceListener listener;

  BlockSource(SequenceStore store, String sequence, int blockSize, long threshold,
      Executor executor, SequenceListener listener) {
    this.listener = listener;
    this.store = store;
    this.sequence = sequence;
    this.blockSize = blockSize;
    this.threshold = threshold;
    this.executor = executor != null ? executor : this::startDaemon;
  }

  long next() {
    while (true) {
      Block b = current;
      long v = b.cursor.getAndIncrement();
      // v < first only after the cursor wrapped past Long.MAX_VALUE: treat as exhausted.
      if (v <= b.end && v >= b.first) {
        if (b.end - v == b.threshold) {
          prefetch();
        }
        return v;
      }
      refill(b);
    }
  }

  private void refill(Block exhausted) {
    refill.lock();
    try {
      if (current != exhausted) {
        return;
      }
      long start = System.nanoTime();
      Block next = takePrefetchedOrFetch();
      current = next;
      listener.onBlockRefill(sequence, next.end - next.first + 1, System.nanoTime() - start);
    } finally {
      refill.unlock();
    }
  }

  private Block takePrefetchedOrFetch() {
    CompletableFuture<Block> f = pending.getAndSet(null);
    if (f != null) {
      if (!f.isDone()) {
        prefetchEarlier();
      }
      try {
        return f.join();
      } catch (CompletionException e) {
        // Surface the store's error in the caller's thread by fetching again synchronously: a
        // failure there is the caller's to see, a success means the prefetch failure was transient.
        log.warn("Prefetch of the next block of sequence \"{}\" failed; fetching synchronously",
            sequence, e.getCause());
      }
    }
    return fetch();
  }

  private Block fetch() {
    long start = System.nanoTime();
    Outcome outcome = Outcome.FAILURE;
    try {
      long end = store.allocate(sequence, blockSize);
      outcome = Outcome.SUCCESS;
      return new Block(end - blockSize + 1, end, threshold);
    } finally {
      listener.onStoreCall(sequence, StoreOperation.ALLOCATE, outcome, System.nanoTime() - start);
    }
  }

  long remainingInBlock() {
    Block b = current;
    long next = b.cursor.get();
    return next >= b.first && next <= b.end ? b.end - next + 1 : 0;
  }

  /**
   * A caller found the block empty while the next one was still being fetched: demand outran the
   * round trip. Start future prefetches twice as early, at most as soon as a block is installed.
   */
  private void prefetchEarlier() {
    long t = threshold;
    long grown = Math.min(blockSize - 1L, Math.max(1L, t * 2));
    if (t >= 0 && grown > t) {
      threshold = grown;
      log.debug("Sequence \"{}\": callers waited for a prefetch; prefetching at {} values left",
          sequence, grown);
    }
  }

  private void prefetch() {
    if (closed) {
      return;
    }
    CompletableFuture<Block> f = new CompletableFuture<>();
    if (!pending.compareAndSet(null, f)) {
      return;
    }
    try {
      executor.execute(() -> {
        try {
          f.complete(fetch());
        } catch (Throwable t) {
          f.completeExceptionally(t);
        }
      });
    } catch (RuntimeException rejected) {
      f.completeExceptionally(rejected);
    }
  }

  private void startDaemon(Runnable task) {
    Thread t = new Thread(task, "customer-id-prefetch-" + sequence);
    t.setDaemon(true);
    t.start();
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    long discarded = remainingInBlock();
    CompletableFuture<Block> f = pending.getAndSet(null);
    if (f != null) {
      Block prefetched = f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
      if (prefetched != null) {
        discarded += prefetched.end - prefetched.first + 1;
      }
    }
    if (discarded > 0) {
      listener.onDiscarded(sequence, discarded, DiscardReason.CLOSE);
    }
  }
}
