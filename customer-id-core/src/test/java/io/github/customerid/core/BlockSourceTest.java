package io.github.customerid.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.customerid.core.listener.Outcome;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.listener.StoreOperation;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.core.spi.StoreArguments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Block mode's background machinery, driven on {@link BlockSource} itself: the own prefetch thread,
 * the growth of blocks when callers ran the chain dry, what wakes a caller that waits for a running
 * prefetch, the waits and durations reported to the listener, and the prefetch point. Threads are
 * ordered by gates in the store, joins and thread-state waits, never by sleeps; block lifetimes
 * come from a test clock.
 */
@Timeout(60)
class BlockSourceTest {

  /** Only detects a hang: no correct run comes near it, whatever the machine's load. */
  private static final Duration HANG = Duration.ofSeconds(10);

  /**
   * A bound on the wait for a running prefetch that no test reaches: a caller that returns within
   * {@link #HANG} was woken, it did not time out.
   */
  private static final long NEVER = TimeUnit.HOURS.toNanos(1);

  private static final String SEQUENCE = "customerId";
  private static final String OWN_THREAD = "customer-id-prefetch-" + SEQUENCE;
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final GatedStore store = new GatedStore();
  private final Events events = new Events();
  private final ManualExecutor prefetches = new ManualExecutor();
  private final List<BlockSource> opened = new ArrayList<>();

  @AfterEach
  void closeEverything() {
    store.gated = null;
    for (int i = 0; i < 8; i++) {
      store.open(); // lets any call still held in the store finish
    }
    // Bounded: a source whose lock was left held must fail the test, not hang the build.
    assertTimeoutPreemptively(HANG, () -> opened.forEach(BlockSource::close),
        "close() hangs: the source's lock is held by a thread that is gone");
  }

  private BlockSource open(BlockSource source) {
    opened.add(source);
    return source;
  }

  /** Blocks of {@code size}, prefetched by {@link #prefetches}, no time bound on the wait. */
  private BlockSource manual(int size, int ahead) {
    return open(new BlockSource(store, SEQUENCE, events, size, size, SECOND, ahead, 50, prefetches,
        System::nanoTime, NEVER, BlockSource.OWN_THREAD_IDLE_NANOS));
  }

  /** Starts a caller thread that takes one value; returns once it waits (timed) in the source. */
  private static FutureTask<Long> waitingCaller(BlockSource source, AtomicLong waitedNanos) {
    return waitingCaller(source, waitedNanos, new AtomicReference<>(), "caller");
  }

  private static FutureTask<Long> waitingCaller(BlockSource source, AtomicLong waitedNanos,
      AtomicReference<Thread> thread, String name) {
    FutureTask<Long> call = new FutureTask<>(() -> {
      long begin = System.nanoTime();
      long value = source.next();
      waitedNanos.set(System.nanoTime() - begin);
      return value;
    });
    Thread caller = new Thread(call, name);
    thread.set(caller);
    caller.start();
    assertTimeoutPreemptively(HANG, () -> {
      while (caller.getState() != Thread.State.TIMED_WAITING) {
        assertThat(caller.getState()).as("the caller returned without waiting")
            .isNotEqualTo(Thread.State.TERMINATED);
        Thread.onSpinWait();
      }
    });
    return call;
  }

  private static long get(FutureTask<Long> call) throws Exception {
    return call.get(HANG.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Nested
  class OwnPrefetchThread {

    @Test
    void shouldFetchAheadOnADaemonThreadNamedAfterTheSequence() throws Exception {
      store.gated = OWN_THREAD;
      BlockSource source = open(new BlockSource(store, SEQUENCE, events, 10, 10, SECOND, 2, 50,
          null, System::nanoTime));
      assertThat(source.next()).isEqualTo(1); // installing block 1 asks for a block ahead
      Thread prefetch = store.awaitArrival();
      assertThat(prefetch).isNotSameAs(Thread.currentThread());
      assertThat(prefetch.getName()).isEqualTo(OWN_THREAD);
      assertThat(prefetch.isDaemon()).as("never keeps the JVM from exiting").isTrue();
      store.open();
    }

    @Test
    void shouldEndTheThreadWhenIdleAndStartAnotherOnDemand() throws Exception {
      store.gated = OWN_THREAD;
      BlockSource source = open(new BlockSource(store, SEQUENCE, events, 10, 10, SECOND, 2, 50,
          null, System::nanoTime, NEVER, TimeUnit.MILLISECONDS.toNanos(20)));
      assertThat(source.next()).isEqualTo(1);
      Thread first = store.awaitArrival();
      store.open(); // block 11..20 arrives; then the thread has nothing to do
      first.join(HANG.toMillis());
      assertThat(first.isAlive()).as("ended after 20 ms without work, the source still open")
          .isFalse();
      for (long v = 2; v <= 6; v++) {
        assertThat(source.next()).isEqualTo(v); // the 6th passes the prefetch point
      }
      Thread second = store.awaitArrival();
      assertThat(second).isNotSameAs(first);
      assertThat(second.getName()).isEqualTo(OWN_THREAD);
      store.open();
      for (long v = 7; v <= 30; v++) {
        assertThat(source.next()).isEqualTo(v);
      }
      assertThat(store.threads).filteredOn(t -> t == Thread.currentThread()).hasSize(1);
    }
  }

  @Nested
  class GrowthWhenTheChainRanDry {

    /** Each installation 1.5 lifetimes after the one before: lifetimes alone keep the size. */
    private final AtomicLong installations = new AtomicLong();
    private final LongSupplier clock = () -> installations.incrementAndGet() * SECOND * 3 / 2;

    @Test
    void shouldDoubleTheBlocksWhenACallerFoundNoBlockReadyUpToTheMaximum() {
      // The prefetches are queued and never run: every block is fetched by a caller that found the
      // chain empty, which means demand outran the prefetch.
      BlockSource source = open(new BlockSource(store, SEQUENCE, events, 10, 80, SECOND, 1, 50,
          prefetches, clock));
      for (long v = 1; v <= 160; v++) {
        assertThat(source.next()).isEqualTo(v);
      }
      assertThat(store.counts).containsExactly(10L, 20L, 40L, 80L, 80L);
    }

    @Test
    void shouldKeepTheSizeWithoutPrefetchWhereEveryBlockIsFetchedByACaller() {
      BlockSource source = open(new BlockSource(store, SEQUENCE, events, 10, 80, SECOND, 1, 0,
          null, clock));
      for (long v = 1; v <= 50; v++) {
        assertThat(source.next()).isEqualTo(v);
      }
      assertThat(store.counts).containsExactly(10L, 10L, 10L, 10L, 10L);
    }
  }

  @Nested
  class WaitingForARunningPrefetch {

    /** Hands out values 1..10 and starts the prefetch of the next block, held in the store. */
    private Thread holdPrefetchAfterTheFirstBlock(BlockSource source) throws Exception {
      for (long v = 1; v <= 10; v++) {
        assertThat(source.next()).isEqualTo(v); // the 6th passes the prefetch point
      }
      store.gated = ManualExecutor.THREAD_NAME;
      Thread prefetch = prefetches.start();
      assertThat(store.awaitArrival()).isSameAs(prefetch);
      return prefetch;
    }

    @Test
    void shouldWakeTheCallerAsSoonAsTheFirstOfSeveralBlocksArrives() throws Exception {
      BlockSource source = manual(10, 2);
      Thread prefetch = holdPrefetchAfterTheFirstBlock(source);
      FutureTask<Long> eleventh = waitingCaller(source, new AtomicLong());
      store.open(); // 11..20 arrive; the prefetch goes on with the second block ahead
      store.awaitArrival(); // held in the store: the task has not ended
      assertThat(get(eleventh)).as("served while the task still fetches").isEqualTo(11);
      store.open();
      prefetch.join(HANG.toMillis());
      assertThat(store.counts).containsExactly(10L, 10L, 10L);
    }

    @Test
    void shouldFetchAtOnceWhenTheRunningPrefetchFails() throws Exception {
      BlockSource source = manual(10, 1);
      Thread prefetch = holdPrefetchAfterTheFirstBlock(source);
      FutureTask<Long> eleventh = waitingCaller(source, new AtomicLong());
      store.fail(new StoreException("prefetch lost"));
      assertThat(get(eleventh)).isEqualTo(11);
      assertThat(store.threads).extracting(Thread::getName)
          .as("the failed prefetch, then the caller").hasSize(3)
          .endsWith(ManualExecutor.THREAD_NAME, "caller");
      prefetch.join(HANG.toMillis());
    }

    @Test
    void shouldServeCallersAndPrefetchAgainAfterAPrefetchEndedWithAnError() throws Exception {
      BlockSource source = manual(10, 1);
      Thread prefetch = holdPrefetchAfterTheFirstBlock(source);
      FutureTask<Long> eleventh = waitingCaller(source, new AtomicLong());
      Error noThread = new OutOfMemoryError("unable to create native thread (thrown by the test)");
      store.fail(noThread);
      assertThat(get(eleventh)).as("fetched by the caller itself").isEqualTo(11);
      prefetch.join(HANG.toMillis());
      assertThat(prefetches.takeThrown()).as("the Error reaches the executor, unwrapped")
          .containsExactly(noThread);
      store.gated = null;
      assertTimeoutPreemptively(HANG, () -> {
        for (long v = 12; v <= 16; v++) {
          assertThat(source.next()).isEqualTo(v); // the 16th passes the prefetch point
        }
      }, "a caller hangs: the failed task left the source's lock held");
      prefetches.runPending(); // 21..30, fetched ahead again
      assertThat(store.threads.get(store.threads.size() - 1).getName())
          .isEqualTo(ManualExecutor.THREAD_NAME);
      for (long v = 17; v <= 21; v++) {
        assertThat(source.next()).isEqualTo(v);
      }
      assertThat(store.counts).as("the first block, the caller's, the new prefetch's")
          .containsExactly(10L, 10L, 10L);
    }

    @Test
    void shouldWakeTheCallerOnCloseAndGiveBackTheBlockThatArrivesLater() throws Exception {
      BlockSource source = manual(10, 1);
      Thread prefetch = holdPrefetchAfterTheFirstBlock(source);
      FutureTask<Long> eleventh = waitingCaller(source, new AtomicLong());
      source.close();
      assertThat(get(eleventh)).as("one number per store call after close").isEqualTo(11);
      assertThat(store.counts).containsExactly(10L, 1L);
      store.open(); // the held prefetch takes 12..21, finds the source closed and gives them back
      prefetch.join(HANG.toMillis());
      assertThat(store.counter).hasValue(11);
    }

    @Test
    void shouldReportTheCallersWaitAndNoWaitForABlockThatWasReadyInTime() throws Exception {
      BlockSource source = manual(10, 1);
      Thread prefetch = holdPrefetchAfterTheFirstBlock(source);
      AtomicLong waited = new AtomicLong();
      FutureTask<Long> eleventh = waitingCaller(source, waited);
      store.open();
      assertThat(get(eleventh)).isEqualTo(11);
      prefetch.join(HANG.toMillis());
      assertThat(events.refillWaits.get(1))
          .as("the wait for block 11..20, at most as long as the call").isPositive()
          .isLessThanOrEqualTo(waited.get());
      store.gated = null;
      for (long v = 12; v <= 16; v++) {
        assertThat(source.next()).isEqualTo(v); // the 16th passes the prefetch point
      }
      prefetches.runPending(); // 21..30 arrive before anybody needs them
      for (long v = 17; v <= 21; v++) {
        assertThat(source.next()).isEqualTo(v);
      }
      assertThat(events.refillSizes).containsExactly(10L, 10L, 10L);
      assertThat(events.refillWaits.get(2)).as("nobody waited for block 21..30").isZero();
    }

    @Test
    void shouldReportTheWaitOfACallerThatKeptWaitingWhenAnotherGaveUpAndFailed()
        throws Exception {
      BlockSource source = manual(10, 1);
      Thread prefetch = holdPrefetchAfterTheFirstBlock(source);
      long begin = System.nanoTime();
      AtomicReference<Thread> givingUp = new AtomicReference<>();
      FutureTask<Long> givesUp = waitingCaller(source, new AtomicLong(), givingUp, "gives-up");
      FutureTask<Long> keepsWaiting = waitingCaller(source, new AtomicLong(),
          new AtomicReference<>(), "keeps-waiting");
      // Interrupted, the first caller fetches for itself instead, and that store call fails.
      store.failFor.put("gives-up", new StoreException("store down"));
      givingUp.get().interrupt();
      assertThatThrownBy(() -> get(givesUp)).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(StoreException.class);
      store.open(); // 11..20 arrive for the caller that kept waiting
      assertThat(get(keepsWaiting)).isEqualTo(11);
      long took = System.nanoTime() - begin;
      prefetch.join(HANG.toMillis());
      assertThat(events.refillWaits.get(1)).as("somebody waited for block 11..20").isPositive()
          .isLessThanOrEqualTo(took);
    }
  }

  @Nested
  class PrefetchPoint {

    @Test
    void shouldKeepOneBlockFewerAheadUntilTheValueAtThePrefetchPointIsTaken() throws Exception {
      BlockSource source = manual(10, 2); // point: index 5, the 6th value of a block
      for (long v = 1; v <= 5; v++) {
        assertThat(source.next()).isEqualTo(v);
      }
      prefetches.runPending();
      assertThat(store.counts).as("one block ahead before the point").containsExactly(10L, 10L);
      assertThat(source.next()).isEqualTo(6);
      prefetches.runPending();
      assertThat(store.counts).as("two blocks ahead once it is taken")
          .containsExactly(10L, 10L, 10L);
    }
  }

  @Nested
  class TopOfTheRange {

    @Test
    void shouldReportTheDurationsOfTheStoreCallsForTheLastShortBlock() {
      store.counter.set(Long.MAX_VALUE - 5);
      BlockSource source = open(new BlockSource(store, SEQUENCE, events, 10, 10, SECOND, 1, 0,
          null, System::nanoTime));
      long begin = System.nanoTime();
      assertThat(source.next()).isEqualTo(Long.MAX_VALUE - 4);
      long took = System.nanoTime() - begin;
      assertThat(store.counts).containsExactly(5L); // 10 did not fit: the 5 left
      assertThat(events.storeCalls).containsExactly("ALLOCATE FAILURE", "READ SUCCESS",
          "ALLOCATE SUCCESS");
      assertThat(events.durations).hasSize(3).allSatisfy(d -> assertThat(d).isBetween(0L, took));
    }
  }

  /**
   * One counter in memory. While {@link #gated} names a thread, each {@code allocate} from it waits
   * until the test opens a gate for it (or makes it fail), so the test decides when a prefetch
   * arrives.
   */
  static final class GatedStore implements SequenceStore {

    final AtomicLong counter = new AtomicLong();
    /** The threads that called {@code allocate}, in order, including failed calls. */
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    /** The counts of the successful {@code allocate} calls, in order. */
    final List<Long> counts = new CopyOnWriteArrayList<>();
    volatile String gated;
    /** Calls from a thread of this name throw its exception. */
    final Map<String, RuntimeException> failFor = new ConcurrentHashMap<>();
    private final BlockingQueue<Thread> arrivals = new LinkedBlockingQueue<>();
    private final BlockingQueue<Runnable> gates = new LinkedBlockingQueue<>();

    /** Lets the oldest held call proceed. */
    void open() {
      gates.add(() -> { });
    }

    /** Makes the oldest held call throw {@code failure}. */
    void fail(RuntimeException failure) {
      gates.add(() -> {
        throw failure;
      });
    }

    /** Makes the oldest held call throw {@code error}, as a store may that runs out of threads. */
    void fail(Error error) {
      gates.add(() -> {
        throw error;
      });
    }

    /** Waits until a gated call arrives in the store, and returns its thread. */
    Thread awaitArrival() throws InterruptedException {
      Thread t = arrivals.poll(HANG.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(t).as("a call arrived in the store").isNotNull();
      return t;
    }

    @Override
    public long allocate(String sequence, long count) {
      StoreArguments.checkCount(count);
      threads.add(Thread.currentThread());
      RuntimeException failure = failFor.get(Thread.currentThread().getName());
      if (failure != null) {
        throw failure;
      }
      if (Thread.currentThread().getName().equals(gated)) {
        arrivals.add(Thread.currentThread());
        Runnable gate;
        try {
          gate = gates.poll(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StoreException("interrupted at the gate");
        }
        if (gate == null) {
          throw new StoreException("the test never opened the gate");
        }
        gate.run();
      }
      while (true) {
        long current = counter.get();
        long next = StoreArguments.checkedAdd(sequence, current, count);
        if (counter.compareAndSet(current, next)) {
          counts.add(count);
          return next;
        }
      }
    }

    @Override
    public OptionalLong current(String sequence) {
      return OptionalLong.of(counter.get());
    }

    @Override
    public long advanceTo(String sequence, long lastValue) {
      return counter.accumulateAndGet(lastValue, Math::max);
    }

    @Override
    public boolean giveBack(String sequence, long blockEnd, long lastUsed) {
      return counter.compareAndSet(blockEnd, lastUsed);
    }

    @Override
    public void resetAllowingDuplicates(String sequence, long lastValue) {
      counter.set(lastValue);
    }
  }

  /** Records block refills and store calls. */
  static final class Events implements SequenceListener {

    final List<Long> refillSizes = new CopyOnWriteArrayList<>();
    final List<Long> refillWaits = new CopyOnWriteArrayList<>();
    final List<String> storeCalls = new CopyOnWriteArrayList<>();
    final List<Long> durations = new CopyOnWriteArrayList<>();

    @Override
    public void onStoreCall(String sequence, StoreOperation operation, Outcome outcome,
        long durationNanos) {
      storeCalls.add(operation + " " + outcome);
      durations.add(durationNanos);
    }

    @Override
    public void onBlockRefill(String sequence, long size, long callerWaitNanos) {
      refillSizes.add(size);
      refillWaits.add(callerWaitNanos);
    }
  }
}
