package io.github.customerid.core;

import io.github.customerid.core.listener.DiscardReason;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.spi.SequenceStore;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Block (segment) hand-out for {@link AllocationMode#BLOCK}: a chain of reserved blocks, topped up in
 * the background, with block sizes that follow the observed demand.
 *
 * <p><b>Hot path</b> ({@link #next}): one {@code getAndAdd} on the current block's counter, no lock, no
 * allocation. The one call that takes the block's prefetch index asks the prefetcher to top up.
 *
 * <p><b>The chain.</b> Behind the current block wait up to {@code ahead} blocks already reserved in the
 * store ({@code ahead - 1} until the current block passes its prefetch point). The thread that finds
 * the current block empty installs the next one with one compare-and-set; only when the chain is empty
 * does a caller take the refill lock, and then it waits for a running prefetch (at most {@link
 * #PREFETCH_WAIT_NANOS}) or fetches synchronously. A prefetch that was submitted but has not started
 * (the executor queued it behind the callers, or silently dropped it) is cancelled, never waited for.
 *
 * <p><b>Adaptive sizes.</b> When a block is replaced, its lifetime is compared with the target: shorter
 * makes the blocks fetched next as many times larger as it was too short (2 to 16 times), more than
 * twice as long halves them, within {@code [minSize, maxSize]}. A caller that had to wait for a block
 * also doubles them.
 *
 * <p><b>Close.</b> The current block is sealed (its counter set to its size, so the values handed out
 * are exactly those below the previous counter) and swapped for a closed marker; the unused numbers of
 * the current and queued blocks that form the store's most recent contiguous range are given back with
 * {@link SequenceStore#giveBack}, which succeeds only if nobody allocated since. Afterwards {@link #next}
 * allocates one number per store call.
 *
 * <p><b>Uniqueness</b>: every block comes from one atomic {@link SequenceStore#allocate}, so blocks are
 * disjoint; within a block each index is returned by exactly one {@code getAndAdd}; a give-back returns
 * only numbers above every number handed out, and only while the counter still ends at this allocator's
 * last block.
 *
 * <p>One file, though long: the hot path, the chain, the prefetcher and close share one set of
 * fields (the current block, its successors, the prefetch state, one lock and condition) under one
 * protocol, and the uniqueness argument above holds only when they are read together.
 */
final class BlockSource {

  private static final Logger log = LoggerFactory.getLogger(BlockSource.class);

  /** How long a caller waits for a prefetch that is already running before it fetches itself. */
  static final long PREFETCH_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** How long the own prefetch thread stays without work before it ends. */
  static final long OWN_THREAD_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** {@link Block#installedAt} before the block became current. */
  private static final long NOT_INSTALLED = Long.MIN_VALUE;

  /** The most a block size grows at once. */
  private static final long MAX_GROWTH = 16;

  private static final int IDLE = 0;
  private static final int SUBMITTED = 1;
  private static final int RUNNING = 2;

  private static final VarHandle CURRENT;

  static {
    try {
      CURRENT = MethodHandles.lookup().findVarHandle(BlockSource.class, "current", Block.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * A reserved range {@code [first, first + size - 1]} and how many of its values were taken. Index
   * {@code prefetchAt} is the one whose hand-out asks for a top-up (-1: never).
   */
  static final class Block {
    private static final VarHandle TAKEN;

    static {
      try {
        TAKEN = MethodHandles.lookup().findVarHandle(Block.class, "taken", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final long first;
    final long size;
    final long prefetchAt;
    @SuppressWarnings("unused") // accessed through TAKEN
    private volatile long taken;
    volatile Block next;
    volatile long installedAt = NOT_INSTALLED;
    /** How long a caller waited for this block, 0 if nobody did. */
    volatile long callerWait;

    Block(long first, long size, long prefetchAt) {
      this.first = first;
      this.size = size;
      this.prefetchAt = prefetchAt;
    }

    /** Takes the next index; an index {@code >= size} means the block is exhausted. */
    long take() {
      return (long) TAKEN.getAndAdd(this, 1L);
    }

    /** Makes every later {@link #take} fail and returns how many values were handed out. */
    long seal() {
      return Math.min(size, (long) TAKEN.getAndSet(this, size));
    }

    long remaining() {
      long t = taken;
      return t < size ? size - t : 0;
    }

    long end() {
      return first + size - 1;
    }
  }

  /** Replaces the current block on close; never gets a successor. */
  private static final Block CLOSED = new Block(1, 0, -1);

  private final String sequence;
  private final SequenceListener listener;
  /** The store, with every call timed and reported to the listener. */
  private final StoreCalls calls;
  private final long minSize;
  private final long maxSize;
  private final long lifetimeNanos;
  private final int ahead;
  private final int prefetchPercent;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final LongSupplier clock;
  private final long prefetchWaitNanos;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final AtomicInteger prefetchState = new AtomicInteger(IDLE);
  private final AtomicBoolean warnedRejection = new AtomicBoolean();
  private final Runnable prefetchTask = this::runPrefetch;
  /** Before the first block: empty, and the head of the chain. */
  private final Block start = new Block(1, 0, -1);

  @SuppressWarnings("FieldMayBeFinal") // written through CURRENT
  private volatile Block current = start;
  /** The last block of the chain; guarded by {@link #lock}. */
  private Block tail = start;
  /** When the first caller started waiting for a running prefetch, 0 if none; guarded by lock. */
  private long waitingSince;
  private volatile long nextSize;
  private volatile boolean closed;

  /**
   * Creates a block source.
   *
   * @param minSize the first and smallest block size
   * @param maxSize the largest block size; equal to {@code minSize} for fixed-size blocks
   * @param lifetimeNanos how long a block should last; shorter grows, twice as long shrinks
   * @param ahead how many blocks to keep reserved behind the current one
   * @param prefetchPercent how much of the current block is left when the last of {@code ahead}
   *     blocks is fetched; 0 disables prefetch
   * @param executor the executor for prefetches, or null for an own single daemon thread
   * @param clock the time source of block lifetimes
   */
  BlockSource(SequenceStore store, String sequence, SequenceListener listener, long minSize,
      long maxSize, long lifetimeNanos, int ahead, int prefetchPercent, Executor executor,
      LongSupplier clock) {
    this(store, sequence, listener, minSize, maxSize, lifetimeNanos, ahead, prefetchPercent,
        executor, clock, PREFETCH_WAIT_NANOS, OWN_THREAD_IDLE_NANOS);
  }

  /**
   * For tests: as above, with other bounds than {@link #PREFETCH_WAIT_NANOS} and {@link
   * #OWN_THREAD_IDLE_NANOS}.
   */
  BlockSource(SequenceStore store, String sequence, SequenceListener listener, long minSize,
      long maxSize, long lifetimeNanos, int ahead, int prefetchPercent, Executor executor,
      LongSupplier clock, long prefetchWaitNanos, long ownThreadIdleNanos) {
    this.sequence = sequence;
    this.listener = listener;
    // Block fetches are rare: every store call of block mode is timed (the sampler is not used).
    this.calls = new StoreCalls(store, sequence, listener, () -> true);
    this.minSize = minSize;
    this.maxSize = maxSize;
    this.lifetimeNanos = lifetimeNanos;
    this.ahead = ahead;
    this.prefetchPercent = prefetchPercent;
    this.clock = clock;
    this.prefetchWaitNanos = prefetchWaitNanos;
    this.nextSize = minSize;
    if (executor != null || prefetchPercent == 0) {
      this.executor = executor;
      this.ownedExecutor = null;
    } else {
      // One reused thread, which ends after 30 s without work and is started again on demand.
      ThreadPoolExecutor own = new ThreadPoolExecutor(1, 1, ownThreadIdleNanos,
          TimeUnit.NANOSECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread t = new Thread(task, "customer-id-prefetch-" + sequence);
            t.setDaemon(true);
            return t;
          });
      own.allowCoreThreadTimeOut(true);
      this.executor = own;
      this.ownedExecutor = own;
    }
  }

  long next() {
    Block b = current;
    long i = b.take();
    if (i < b.size) {
      if (i == b.prefetchAt) {
        requestPrefetch();
      }
      return b.first + i;
    }
    return nextSlow(b);
  }

  private long nextSlow(Block exhausted) {
    Block b = exhausted;
    while (true) {
      if (b == CLOSED) {
        return calls.allocate(1);
      }
      Block n = b.next;
      if (n == null) {
        awaitOrFetch(b);
      } else if (CURRENT.compareAndSet(this, b, n)) {
        installed(b, n);
      }
      b = current;
      long i = b.take();
      if (i < b.size) {
        if (i == b.prefetchAt) {
          requestPrefetch();
        }
        return b.first + i;
      }
    }
  }

  /** Runs once per block, in the thread whose compare-and-set made {@code n} current. */
  private void installed(Block old, Block n) {
    long now = clock.getAsLong();
    n.installedAt = now;
    // The thread that installed the old block may not have recorded when yet: then skip.
    if (old != start && maxSize > minSize && old.installedAt != NOT_INSTALLED) {
      long lived = now - old.installedAt;
      if (lived < lifetimeNanos) {
        // As many times larger as the block was too short, at least 2 and at most 16 times: a cold
        // start at high demand reaches the maximum within a few blocks.
        long factor = Math.min(MAX_GROWTH, Math.max(2, lifetimeNanos / Math.max(1, lived)));
        nextSize = Math.min(maxSize, Math.max(nextSize, old.size * factor));
      } else if (lived / 2 > lifetimeNanos) {
        nextSize = Math.max(minSize, Math.min(nextSize, old.size / 2));
      }
    }
    listener.onBlockRefill(sequence, n.size, n.callerWait);
    requestPrefetch();
  }

  /**
   * The chain is empty: wait for a prefetch that is already running (bounded), else fetch a block
   * synchronously. Returns once {@code exhausted} has a successor, is no longer current, or the source
   * is closed.
   */
  private void awaitOrFetch(Block exhausted) {
    long start = System.nanoTime();
    lock.lock();
    try {
      boolean mayWait = true;
      while (current == exhausted && exhausted.next == null && !closed) {
        int state = prefetchState.get();
        if (state == RUNNING && mayWait) {
          long left = start + prefetchWaitNanos - System.nanoTime();
          if (left > 0) {
            if (waitingSince == 0) {
              waitingSince = start;
            }
            try {
              arrived.awaitNanos(left);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              mayWait = false;
            }
            continue;
          }
          log.warn("Sequence \"{}\": a prefetch has been running for {} ms; fetching synchronously",
              sequence, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
          mayWait = false;
        }
        if (state == SUBMITTED) {
          // Queued but not started (the executor is busy with the callers, or dropped it): never
          // wait for it. Should it still run, it finds itself cancelled and returns.
          prefetchState.compareAndSet(SUBMITTED, IDLE);
        }
        if (exhausted != this.start && prefetchPercent > 0 && maxSize > minSize) {
          nextSize = Math.min(maxSize, nextSize * 2); // demand outran the chain
        }
        Block b = fetch(nextSize);
        b.callerWait = Math.max(1, System.nanoTime() - start);
        link(b);
      }
    } finally {
      if (exhausted.next != null || closed) {
        waitingSince = 0;
      }
      lock.unlock();
    }
  }

  /** Appends to the chain; the caller holds the lock and has checked that the source is open. */
  private void link(Block b) {
    tail.next = b;
    tail = b;
    waitingSince = 0;
    arrived.signalAll();
  }

  private void requestPrefetch() {
    if (prefetchPercent == 0 || closed || !prefetchState.compareAndSet(IDLE, SUBMITTED)) {
      return;
    }
    try {
      executor.execute(prefetchTask);
    } catch (Throwable t) {
      // Rejected, or an Error such as "unable to create native thread": the allocation that asked
      // for the prefetch has succeeded; the next trigger, or a caller's synchronous fetch, follows.
      prefetchState.compareAndSet(SUBMITTED, IDLE);
      if (warnedRejection.compareAndSet(false, true)) {
        log.warn("Sequence \"{}\": the prefetch executor refused a task; blocks are fetched when"
            + " needed instead (further refusals are logged at DEBUG)", sequence, t);
      } else {
        log.debug("Sequence \"{}\": the prefetch executor refused a task", sequence, t);
      }
    }
  }

  private void runPrefetch() {
    if (!prefetchState.compareAndSet(SUBMITTED, RUNNING)) {
      return; // cancelled by a caller that fetched synchronously, or already served
    }
    boolean failed = false;
    try {
      while (!closed && queued() < wanted()) {
        Block b = fetch(nextSize);
        if (!offer(b)) {
          break;
        }
      }
    } catch (RuntimeException e) {
      failed = true;
      log.warn("Sequence \"{}\": prefetching a block failed; callers fetch synchronously if the"
          + " chain runs dry", sequence, e);
    } finally {
      prefetchState.set(IDLE);
      lock.lock();
      try {
        arrived.signalAll();
      } finally {
        lock.unlock();
      }
    }
    // A trigger that arrived while this task ran was dropped: look again.
    if (!failed && !closed && queued() < wanted()) {
      requestPrefetch();
    }
  }

  /** Links a prefetched block, or gives it back if the source closed meanwhile. */
  private boolean offer(Block b) {
    lock.lock();
    try {
      if (!closed) {
        if (waitingSince != 0) {
          b.callerWait = Math.max(1, System.nanoTime() - waitingSince);
        }
        link(b);
        return true;
      }
    } finally {
      lock.unlock();
    }
    release(List.of(new long[] {b.first, b.end()}));
    return false;
  }

  private int queued() {
    int n = 0;
    for (Block b = current.next; b != null; b = b.next) {
      n++;
    }
    return n;
  }

  /** {@code ahead} once the current block passed its prefetch point, one fewer before. */
  private int wanted() {
    Block c = current;
    return c.prefetchAt >= 0 && c.size - c.remaining() > c.prefetchAt ? ahead : ahead - 1;
  }

  private Block fetch(long size) {
    long end;
    long count = size;
    try {
      end = calls.allocate(size);
    } catch (CounterExhaustedException e) {
      // Near the top of the range a full block no longer fits: take what is left, if anything.
      long last = calls.current().orElse(0);
      count = Long.MAX_VALUE - last;
      if (count <= 0 || count >= size) {
        throw e;
      }
      end = calls.allocate(count);
    }
    long percent = prefetchPercent == 0 ? 0 : Math.max(1, count * prefetchPercent / 100);
    return new Block(end - count + 1, count, prefetchPercent == 0 ? -1 : count - percent);
  }

  long remainingInBlock() {
    return current.remaining();
  }

  void close() {
    Block b;
    List<long[]> unused = new ArrayList<>();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      b = (Block) CURRENT.getAndSet(this, CLOSED);
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
    long used = b.seal();
    if (used < b.size) {
      unused.add(new long[] {b.first + used, b.end()});
    }
    for (Block q = b.next; q != null; q = q.next) {
      unused.add(new long[] {q.first, q.end()});
    }
    release(unused);
  }

  /**
   * Gives back the contiguous run of {@code ranges} (in reservation order) that ends at the last one,
   * if the store's counter still ends there; reports the rest, or everything, as discarded ({@link
   * DiscardReason#CLOSE}). If the give-back itself fails, its run is reported as discarded for that
   * failure ({@link DiscardReason#FAILURE}) only once a read shows the counter still at the run's end,
   * that is, the give-back was not applied; if the read fails too, or the counter has moved, the run
   * may have gone back to the store and is not reported.
   */
  private void release(List<long[]> ranges) {
    if (ranges.isEmpty()) {
      return;
    }
    long total = 0;
    for (long[] r : ranges) {
      total += r[1] - r[0] + 1;
    }
    int i = ranges.size() - 1;
    long end = ranges.get(i)[1];
    long from = ranges.get(i)[0];
    while (i > 0 && ranges.get(i - 1)[1] + 1 == from) {
      i--;
      from = ranges.get(i)[0];
    }
    long run = end - from + 1;
    long givenBack = 0;
    long lostToFailure = 0;
    long unknown = 0;
    try {
      if (calls.giveBack(end, from - 1)) {
        givenBack = run;
      }
    } catch (RuntimeException e) {
      // The store may have applied it and lost only the reply: the counter tells. (Still at the
      // end after an applied give-back only if others then allocated exactly this run's numbers.)
      unknown = run;
      String fate = "they stay a gap unless the store applied the give-back";
      try {
        if (calls.current().orElse(-1) == end) {
          unknown = 0;
          lostToFailure = run;
          fate = "they stay a gap";
        }
      } catch (RuntimeException unread) {
        e.addSuppressed(unread);
      }
      log.warn("Sequence \"{}\": giving back the unused numbers {}..{} failed; {}", sequence, from,
          end, fate, e);
    }
    long discarded = total - givenBack - lostToFailure - unknown;
    log.debug("Sequence \"{}\": closed; of {} unused numbers, {} given back, {} discarded, {} maybe"
        + " given back", sequence, total, givenBack, discarded + lostToFailure, unknown);
    if (discarded > 0) {
      listener.onDiscarded(sequence, discarded, DiscardReason.CLOSE);
    }
    if (lostToFailure > 0) {
      listener.onDiscarded(sequence, lostToFailure, DiscardReason.FAILURE);
    }
  }

  @Override
  public String toString() {
    return "blocks of " + (minSize == maxSize ? String.valueOf(minSize) : minSize + ".." + maxSize)
        + ", " + ahead + " ahead";
  }
}
