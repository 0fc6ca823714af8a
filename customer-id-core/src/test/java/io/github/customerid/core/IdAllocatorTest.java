package io.github.customerid.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class IdAllocatorTest {

  /** Only detects a hang: no correct run comes near it, whatever the machine's load. */
  private static final Duration HANG = Duration.ofSeconds(10);

  private final TestStore store = new TestStore();

  /** Runs {@code perThread} calls on each of {@code threads} threads released together. */
  static long[][] concurrently(int threads, int perThread, LongSupplier call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<long[]>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          long[] got = new long[perThread];
          for (int i = 0; i < perThread; i++) {
            got[i] = call.getAsLong();
          }
          return got;
        }));
      }
      start.countDown();
      long[][] result = new long[threads][];
      for (int t = 0; t < threads; t++) {
        result[t] = futures.get(t).get(60, TimeUnit.SECONDS);
      }
      return result;
    } finally {
      pool.shutdownNow();
    }
  }

  static long[] sortedUnion(long[][] perThread) {
    return Arrays.stream(perThread).flatMapToLong(Arrays::stream).sorted().toArray();
  }

  @Nested
  class Strict {

    @Test
    void shouldHandOutPl1Pl2Pl3() {
      IdAllocator ids = IdAllocator.builder(store).build();
      assertThat(ids.next()).isEqualTo("PL1");
      assertThat(ids.next()).isEqualTo("PL2");
      assertThat(ids.nextValue()).isEqualTo(3);
      assertThat(ids.mode()).isEqualTo(AllocationMode.STRICT);
      assertThat(ids.blockSize()).isEqualTo(1);
      assertThat(store.value("customerId")).isEqualTo(3);
    }

    @Test
    void shouldContinueAfterInitialize() {
      IdAllocator ids = IdAllocator.builder(store).build();
      ids.initialize(23);
      assertThat(ids.next()).isEqualTo("PL24");
    }

    @Test
    void shouldAllocateABatchInOneRoundTrip() {
      IdAllocator ids = IdAllocator.builder(store).format(IdFormat.of("CU")).build();
      assertThat(ids.next(3)).containsExactly("CU1", "CU2", "CU3");
      assertThat(store.allocations).hasValue(1);
      assertThatThrownBy(() -> ids.next(0)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("0");
      assertThat(store.allocations).hasValue(1);
    }

    @Test
    void shouldReportCurrentAsEmptyUntilUsed() {
      IdAllocator ids = IdAllocator.builder(store).build();
      assertThat(ids.current()).isEmpty();
      assertThat(ids.currentValue()).isEmpty();
      ids.initialize(0);
      assertThat(ids.current()).isEmpty();
      assertThat(ids.currentValue()).hasValue(0);
      ids.next();
      assertThat(ids.current()).hasValue("PL1");
    }

    @Test
    void shouldSurfaceStoreFailuresAndStaySafeAfterwards() {
      IdAllocator ids = IdAllocator.builder(store).build();
      store.failNext.set(new StoreException("boom"));
      assertThatThrownBy(ids::next).isInstanceOf(StoreException.class).hasMessage("boom");
      assertThat(ids.next()).isEqualTo("PL1");
    }

    @Test
    void shouldHandOutIncreasingNumbersInEachThreadAndNoneTwice() throws Exception {
      IdAllocator ids = IdAllocator.builder(store).build();
      long[][] got = concurrently(8, 2_000, ids::nextValue);
      for (long[] thread : got) {
        for (int i = 1; i < thread.length; i++) {
          assertThat(thread[i]).as("allocation order within a thread").isGreaterThan(thread[i - 1]);
        }
      }
      assertThat(sortedUnion(got)).doesNotHaveDuplicates().hasSize(16_000)
          .startsWith(1).endsWith(16_000);
    }

    @Test
    void shouldDescribeItselfForLogs() {
      IdAllocator ids = IdAllocator.builder(store).sequence("orders").build();
      assertThat(ids.toString()).contains("orders", "STRICT").doesNotContain("blockSize");
      assertThat(ids.sequence()).isEqualTo("orders");
      assertThat(ids.format()).isEqualTo(IdFormat.defaultFormat());
    }
  }

  @Nested
  class Initialize {

    @Test
    void shouldBeIdempotentAndMoveForward() {
      IdAllocator ids = IdAllocator.builder(store).build();
      ids.initialize(23);
      ids.initialize(23);
      ids.initialize(40);
      assertThat(ids.next()).isEqualTo("PL41");
    }

    @Test
    void shouldRefuseToMoveBackwards() {
      IdAllocator ids = IdAllocator.builder(store).build();
      ids.initialize(100);
      assertThatThrownBy(() -> ids.initialize(23))
          .isInstanceOf(CounterConflictException.class)
          .hasMessageContaining("23")
          .hasMessageContaining("PL24")
          .hasMessageContaining("100")
          .hasMessageContaining("PL101");
      assertThat(ids.next()).isEqualTo("PL101");
    }

    @Test
    void shouldMoveBackwardsOnlyWhenForced() {
      IdAllocator ids = IdAllocator.builder(store).build();
      ids.initialize(100);
      ids.resetAllowingDuplicates(23);
      assertThat(ids.next()).isEqualTo("PL24");
    }

    @Test
    void shouldRejectNegativeValues() {
      IdAllocator ids = IdAllocator.builder(store).build();
      assertThatThrownBy(() -> ids.initialize(-1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("-1");
      assertThatThrownBy(() -> ids.resetAllowingDuplicates(-5))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
      assertThat(store.current("customerId")).isEmpty();
    }
  }

  @Nested
  class Block {

    @Test
    void shouldHandOutABlockPerRoundTrip() {
      try (IdAllocator ids = IdAllocator.builder(store).blocks(10).prefetchPercent(0).build()) {
        for (int i = 1; i <= 25; i++) {
          assertThat(ids.nextValue()).isEqualTo(i);
        }
        assertThat(store.allocations).hasValue(3);
        assertThat(store.value("customerId")).isEqualTo(30);
        assertThat(ids.mode()).isEqualTo(AllocationMode.BLOCK);
      }
    }

    @Test
    void shouldSurfaceAFailureOfTheSynchronousFetch() {
      try (IdAllocator ids = IdAllocator.builder(store).blocks(2).prefetchPercent(0).build()) {
        store.failNext.set(new StoreException("down"));
        assertThatThrownBy(ids::next).isInstanceOf(StoreException.class).hasMessage("down");
        assertThat(ids.next()).isEqualTo("PL1");
      }
    }

    @Test
    void shouldGiveDisjointBlocksToAllocatorsSharingTheStore() throws Exception {
      try (IdAllocator a = IdAllocator.builder(store).blocks(7).build();
          IdAllocator b = IdAllocator.builder(store).blocks(13).build()) {
        AtomicInteger turn = new AtomicInteger();
        long[] all = sortedUnion(concurrently(8, 5_000,
            () -> (turn.incrementAndGet() & 1) == 0 ? a.nextValue() : b.nextValue()));
        assertThat(all).hasSize(40_000).doesNotHaveDuplicates();
        assertThat(all[all.length - 1]).isLessThanOrEqualTo(store.value("customerId"));
      }
    }

    @Test
    void shouldAcceptTheLimitsOfEverySetting() {
      assertThat(IdAllocator.builder(store).blocks(1).build().blockSize()).isEqualTo(1);
      assertThat(IdAllocator.builder(store).blocks(1_000_000).maxBlockSize(100_000_000)
          .blockLifetime(Duration.ofDays(1)).blocksAhead(16).build().blockSize())
          .isEqualTo(1_000_000);
      assertThat(IdAllocator.builder(store).blocks(1).maxBlockSize(1)
          .blockLifetime(Duration.ofMillis(1)).blocksAhead(1).prefetchPercent(100).build()
          .toString()).contains("blocks of 1, 1 ahead");
      IdAllocator strictAgain = IdAllocator.builder(store).blocks(5).strict().build();
      assertThat(strictAgain.mode()).isEqualTo(AllocationMode.STRICT);
      assertThat(strictAgain.blockSize()).isEqualTo(1);
    }

    @Test
    void shouldHandOutBatchesFromBlocks() {
      try (IdAllocator ids = IdAllocator.builder(store).blocks(3).build()) {
        assertThat(ids.next(5)).containsExactly("PL1", "PL2", "PL3", "PL4", "PL5");
        assertThat(ids.blockSize()).isEqualTo(3);
        assertThat(ids.toString()).contains("BLOCK", "blockSize=3", "blocks of 3, 2 ahead");
      }
    }

    @Test
    void shouldRejectBadBlockSettings() {
      IdAllocator.Builder b = IdAllocator.builder(store);
      assertThatThrownBy(() -> b.blocks(0)).isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("0");
      assertThatThrownBy(() -> b.blocks(1_000_001))
          .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("1000001");
      assertThatThrownBy(() -> b.prefetchPercent(101))
          .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("101");
      assertThatThrownBy(() -> b.prefetchPercent(-1))
          .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("-1");
      assertThatThrownBy(() -> b.sequence("bad name"))
          .isInstanceOf(InvalidConfigurationException.class);
      assertThatThrownBy(() -> b.prefetchExecutor(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.format(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> IdAllocator.builder(null)).isInstanceOf(NullPointerException.class);
    }
  }

  @Nested
  class Prefetch {

    private final ManualExecutor prefetches = new ManualExecutor();

    @Test
    void shouldKeepTheConfiguredNumberOfBlocksAheadOffTheCallersThread() throws Exception {
      try (IdAllocator ids = IdAllocator.builder(store).blocks(10).blocksAhead(2)
          .prefetchPercent(50).prefetchExecutor(prefetches).build()) {
        assertThat(ids.nextValue()).isEqualTo(1); // synchronous: nothing was reserved yet
        prefetches.runPending();
        assertThat(store.allocations).as("one block ahead before the prefetch point").hasValue(2);
        for (int i = 2; i <= 5; i++) {
          assertThat(ids.nextValue()).isEqualTo(i);
        }
        assertThat(prefetches.pending()).as("no prefetch asked for before the point").isZero();
        assertThat(ids.nextValue()).isEqualTo(6); // passes the prefetch point
        assertThat(prefetches.pending()).isEqualTo(1);
        prefetches.runPending();
        assertThat(store.allocations).as("two blocks ahead after it").hasValue(3);
        assertThat(store.allocatingThreads.subList(1, 3)).extracting(Thread::getName)
            .containsOnly(ManualExecutor.THREAD_NAME);
        for (int i = 7; i <= 30; i++) {
          assertThat(ids.nextValue()).isEqualTo(i); // from the chain, no store call
        }
        assertThat(store.allocations).hasValue(3);
        assertThat(store.value("customerId")).isEqualTo(30);
      }
    }

    @Test
    void shouldFetchSynchronouslyAfterAFailedPrefetch() throws Exception {
      try (IdAllocator ids = IdAllocator.builder(store).blocks(4).blocksAhead(1)
          .prefetchPercent(50).prefetchExecutor(prefetches).build()) {
        assertThat(ids.nextValue()).isEqualTo(1);
        prefetches.runPending(); // nothing to fetch before the prefetch point
        assertThat(ids.nextValue()).isEqualTo(2);
        assertThat(ids.nextValue()).isEqualTo(3); // the prefetch point
        store.failNext.set(new StoreException("prefetch lost"));
        prefetches.runPending();
        assertThat(store.allocations).hasValue(2);
        assertThat(ids.nextValue()).isEqualTo(4);
        assertThat(ids.nextValue()).isEqualTo(5); // fetched in the caller's thread
        assertThat(store.allocatingThreads.get(2)).isSameAs(Thread.currentThread());
      }
    }

    @Test
    void shouldTopUpAgainWhenTheFirstValueOfANewBlockPassesThePrefetchPoint() {
      // Run in the caller's thread, the prefetch asked for on installation fetches one block (the
      // point is not passed yet); taking the first value passes it and asks for the second.
      try (IdAllocator ids = IdAllocator.builder(store).blocks(10).blocksAhead(2)
          .prefetchPercent(100).prefetchExecutor(Runnable::run).build()) {
        assertThat(ids.nextValue()).isEqualTo(1);
        assertThat(store.allocations).hasValue(3);
        assertThat(store.value("customerId")).isEqualTo(30);
      }
    }

    @Test
    void shouldAskTheExecutorAgainAfterItDroppedATask() throws Exception {
      AtomicInteger executions = new AtomicInteger();
      Executor dropsTheFirst = task -> {
        if (executions.incrementAndGet() > 1) {
          prefetches.execute(task);
        }
      };
      try (IdAllocator ids = IdAllocator.builder(store).blocks(10).blocksAhead(1)
          .prefetchPercent(50).prefetchExecutor(dropsTheFirst).build()) {
        for (int i = 1; i <= 11; i++) { // the 6th asks (dropped), the 11th fetches itself
          assertThat(ids.nextValue()).isEqualTo(i);
        }
        assertThat(store.allocatingThreads).containsOnly(Thread.currentThread());
        for (int i = 12; i <= 16; i++) {
          assertThat(ids.nextValue()).isEqualTo(i); // the 16th passes the new block's point
        }
        assertThat(executions).as("asked again after the drop").hasValueGreaterThan(1);
        prefetches.runPending();
        assertThat(store.allocatingThreads).extracting(Thread::getName)
            .contains(ManualExecutor.THREAD_NAME);
      }
    }

    @Test
    void shouldEndTheOwnPrefetchThreadOnClose() {
      IdAllocator ids = IdAllocator.builder(store).sequence("own-thread").blocks(10).build();
      ids.next(); // installing the first block starts the thread
      ids.close();
      assertTimeoutPreemptively(HANG, () -> {
        while (Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.getName().equals("customer-id-prefetch-own-thread") && t.isAlive())) {
          Thread.onSpinWait();
        }
      });
    }

    /** Takes values 1..6 (the 6th passes the prefetch point) and starts the held prefetch. */
    private Thread holdPrefetchOf(IdAllocator ids) throws Exception {
      for (int i = 1; i <= 6; i++) {
        assertThat(ids.nextValue()).isEqualTo(i);
      }
      store.holdOnlyThread = ManualExecutor.THREAD_NAME;
      store.holding = new CountDownLatch(1);
      store.hold = new CountDownLatch(1);
      Thread prefetch = prefetches.start();
      assertThat(store.holding.await(HANG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      for (int i = 7; i <= 10; i++) {
        assertThat(ids.nextValue()).isEqualTo(i);
      }
      return prefetch;
    }

    @Test
    void shouldWaitForARunningPrefetchRatherThanFetchAgain() throws Exception {
      RecordingListener events = new RecordingListener();
      try (IdAllocator ids = IdAllocator.builder(store).blocks(10).blocksAhead(1)
          .prefetchPercent(50).prefetchExecutor(prefetches).listener(events).build()) {
        prefetches.runPending(); // the installation of block 1 asks for nothing yet
        Thread prefetch = holdPrefetchOf(ids);
        ExecutorService callers = Executors.newSingleThreadExecutor();
        try {
          AtomicReference<Thread> caller = new AtomicReference<>();
          Future<Long> eleventh = callers.submit(() -> {
            caller.set(Thread.currentThread());
            return ids.nextValue();
          });
          awaitState(caller, Thread.State.TIMED_WAITING); // parked on the prefetch
          store.hold.countDown();
          assertThat(eleventh.get(HANG.toSeconds(), TimeUnit.SECONDS)).isEqualTo(11);
        } finally {
          callers.shutdownNow();
        }
        prefetch.join(HANG.toMillis());
        assertThat(store.allocations).as("no second fetch for the same block").hasValue(2);
        assertThat(events.refillWaits.get(1)).as("the caller's wait is reported").isPositive();
        assertThat(events.refillWaits.get(0)).as("the first block: a wait too").isPositive();
      }
    }

    @Test
    void shouldFetchItselfWhenInterruptedWhileWaitingForAPrefetch() throws Exception {
      try (IdAllocator ids = IdAllocator.builder(store).blocks(10).blocksAhead(1)
          .prefetchPercent(50).prefetchExecutor(prefetches).build()) {
        prefetches.runPending();
        Thread prefetch = holdPrefetchOf(ids);
        try {
          Thread.currentThread().interrupt();
          assertThat(ids.nextValue()).isEqualTo(11); // fetched here: the prefetch is still held
          assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
          assertThat(store.allocatingThreads.get(2)).isSameAs(Thread.currentThread());
        } finally {
          store.hold.countDown();
        }
        prefetch.join(HANG.toMillis());
        assertThat(ids.nextValue()).isEqualTo(12);
      }
    }

    @Test
    void shouldFetchItselfWhenARunningPrefetchTakesLongerThanTheBound() throws Exception {
      try (IdAllocator ids = IdAllocator.builder(store).blocks(10).blocksAhead(1)
          .prefetchPercent(50).prefetchExecutor(prefetches).build()) {
        prefetches.runPending();
        Thread prefetch = holdPrefetchOf(ids);
        try {
          long start = System.nanoTime();
          assertThat(assertTimeoutPreemptively(HANG, ids::nextValue)).isEqualTo(11);
          assertThat(System.nanoTime() - start).as("waited for the running prefetch first")
              .isGreaterThanOrEqualTo(BlockSource.PREFETCH_WAIT_NANOS);
        } finally {
          store.hold.countDown();
        }
        prefetch.join(HANG.toMillis());
        assertThat(store.allocations).hasValue(3);
      }
    }

    private void awaitState(AtomicReference<Thread> thread, Thread.State state) {
      assertTimeoutPreemptively(HANG, () -> {
        while (thread.get() == null || thread.get().getState() != state) {
          Thread.onSpinWait();
        }
      });
    }

    /**
     * While the prefetch hangs in the store, callers keep being served from the current block: every
     * call returns long before {@code bound}, and the fetch ran on another thread.
     */
    private void callersDoNotWaitForASlowPrefetch(Executor executor, Duration bound)
        throws Exception {
      IdAllocator.Builder builder = IdAllocator.builder(store).blocks(100).blocksAhead(1)
          .prefetchPercent(50);
      if (executor != null) {
        builder.prefetchExecutor(executor);
      }
      try (IdAllocator ids = builder.build()) {
        assertThat(ids.nextValue()).isEqualTo(1);
        store.holding = new CountDownLatch(1);
        store.hold = new CountDownLatch(1);
        try {
          Thread caller = assertTimeoutPreemptively(bound, () -> {
            for (int i = 2; i <= 100; i++) {
              assertThat(ids.nextValue()).isEqualTo(i); // the 51st starts the prefetch
            }
            return Thread.currentThread();
          });
          assertThat(store.holding.await(bound.toMillis(), TimeUnit.MILLISECONDS))
              .as("the prefetch reached the store").isTrue();
          assertThat(store.allocatingThreads.get(1)).isNotSameAs(caller);
        } finally {
          store.hold.countDown();
        }
        assertThat(ids.nextValue()).isEqualTo(101);
      }
    }

    @Test
    void shouldNotBlockCallersWhileAPrefetchIsSlow() throws Exception {
      callersDoNotWaitForASlowPrefetch(null, HANG); // the allocator's own prefetch thread
    }

    @Test
    void shouldNotBlockCallersWhileAPrefetchIsSlowOnAGivenExecutor() throws Exception {
      ExecutorService given = Executors.newSingleThreadExecutor();
      try {
        callersDoNotWaitForASlowPrefetch(given, HANG);
      } finally {
        given.shutdownNow();
      }
    }

    @Test
    void shouldCatchAPrefetchThatRunsInTheCallersThread() {
      // The check above must be able to fail: an executor that runs the fetch in the caller's
      // thread makes the caller wait for the held store call.
      assertThatThrownBy(() -> callersDoNotWaitForASlowPrefetch(Runnable::run, Duration.ofSeconds(1)))
          .isInstanceOf(AssertionError.class);
    }
  }

  @Nested
  class Adaptive {

    private long now;

    private IdAllocator.Builder adaptive() {
      return IdAllocator.builder(store).blocks(10).maxBlockSize(80)
          .blockLifetime(Duration.ofSeconds(1)).prefetchPercent(0).clock(() -> now);
    }

    @Test
    void shouldGrowBlocksThatLastLessThanTheLifetimeUpToTheMaximum() {
      try (IdAllocator ids = adaptive().build()) {
        for (int i = 1; i <= 500; i++) {
          assertThat(ids.nextValue()).isEqualTo(i); // no time passes: every block is far too short
        }
        // A block's size is decided when the one before it is replaced, so growth lags one block;
        // 16 times 10 is capped at the maximum.
        assertThat(store.allocatedCounts).startsWith(10L, 10L, 80L, 80L)
            .allMatch(c -> c <= 80);
      }
    }

    @Test
    void shouldGrowAsManyTimesAsTheBlockWasTooShort() {
      try (IdAllocator ids = adaptive().maxBlockSize(1000).build()) {
        for (int i = 0; i < 500; i++) {
          now += Duration.ofMillis(10).toNanos(); // 10 values last 100 ms: a tenth of the lifetime
          ids.nextValue();
        }
        // 100 values last exactly the lifetime: the size stays.
        assertThat(store.allocatedCounts).containsExactly(10L, 10L, 100L, 100L, 100L, 100L, 100L);
      }
    }

    @Test
    void shouldShrinkBlocksThatLastMoreThanTwiceTheLifetimeDownToTheBlockSize() {
      try (IdAllocator ids = adaptive().build()) {
        for (int i = 0; i < 300; i++) {
          ids.nextValue();
        }
        int grown = store.allocatedCounts.size();
        assertThat(store.allocatedCounts.get(grown - 1)).isEqualTo(80);
        long before = store.value("customerId");
        while (store.value("customerId") - before < 600) {
          now += Duration.ofSeconds(3).toNanos(); // every block now lasts 3 s
          ids.nextValue();
        }
        assertThat(store.allocatedCounts.subList(grown, store.allocatedCounts.size()))
            .startsWith(80L, 40L, 40L, 20L, 20L, 10L).endsWith(10L, 10L)
            .allMatch(c -> c >= 10);
      }
    }

    @Test
    void shouldKeepTheSizeWhileABlockLastsBetweenOnceAndTwiceTheLifetime() {
      try (IdAllocator ids = adaptive().build()) {
        for (int i = 0; i < 400; i++) {
          now += Duration.ofMillis(75).toNanos(); // 10 values: 750 ms, 20 values: 1.5 s
          ids.nextValue();
        }
        // 10 lasts 750 ms, too short by a factor below 2: doubled. 20 lasts 1.5 s: kept.
        assertThat(store.allocatedCounts).startsWith(10L, 10L, 20L, 20L, 20L)
            .containsOnly(10L, 20L);
      }
    }

    @Test
    void shouldKeepTheSizeOfABlockThatLastedExactlyTwiceTheLifetime() {
      try (IdAllocator ids = adaptive().build()) {
        for (int i = 0; i < 100; i++) {
          ids.nextValue(); // no time passes: blocks reach 80
        }
        int grown = store.allocatedCounts.size();
        for (int i = 0; i < 400; i++) {
          now += Duration.ofMillis(25).toNanos(); // 80 values: exactly 2 s
          ids.nextValue();
        }
        assertThat(store.allocatedCounts.subList(grown, store.allocatedCounts.size()))
            .containsOnly(80L);
      }
    }

    @Test
    void shouldDescribeTheRangeOfSizes() {
      try (IdAllocator ids = adaptive().blocksAhead(3).build()) {
        assertThat(ids.toString()).contains("blocks of 10..80, 3 ahead");
      }
    }

    @Test
    void shouldRejectAMaximumBelowTheBlockSizeAndOutOfRangeSettings() {
      assertThatThrownBy(() -> IdAllocator.builder(store).blocks(100).maxBlockSize(50).build())
          .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("50")
          .hasMessageContaining("100");
      IdAllocator.Builder b = IdAllocator.builder(store);
      assertThatThrownBy(() -> b.maxBlockSize(0)).isInstanceOf(InvalidConfigurationException.class);
      assertThatThrownBy(() -> b.maxBlockSize(100_000_001))
          .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("100000001");
      assertThatThrownBy(() -> b.blockLifetime(Duration.ZERO))
          .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("PT0S");
      assertThatThrownBy(() -> b.blockLifetime(Duration.ofDays(2)))
          .isInstanceOf(InvalidConfigurationException.class);
      assertThatThrownBy(() -> b.blockLifetime(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.blocksAhead(0)).isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("0");
      assertThatThrownBy(() -> b.blocksAhead(17)).isInstanceOf(InvalidConfigurationException.class);
      b.maxBlockSize(5); // ignored in strict mode
      assertThat(b.build().mode()).isEqualTo(AllocationMode.STRICT);
    }
  }

  @Nested
  class Close {

    private final RecordingListener events = new RecordingListener();
    private final ManualExecutor prefetches = new ManualExecutor();

    @Test
    void shouldGiveBackTheUnusedTailWhenNobodyAllocatedSince() {
      IdAllocator ids = IdAllocator.builder(store).blocks(10).prefetchPercent(0).listener(events)
          .build();
      assertThat(ids.next()).isEqualTo("PL1");
      assertThat(ids.next()).isEqualTo("PL2");
      ids.close();
      assertThat(store.value("customerId")).isEqualTo(2);
      assertThat(events.discarded).isEmpty();
      assertThat(events.storeCalls).contains("GIVE_BACK SUCCESS");
      try (IdAllocator next = IdAllocator.builder(store).blocks(10).build()) {
        assertThat(next.next()).isEqualTo("PL3");
      }
    }

    @Test
    void shouldGiveBackTheBlocksReservedAheadToo() throws Exception {
      IdAllocator ids = IdAllocator.builder(store).blocks(10).blocksAhead(2).prefetchPercent(100)
          .prefetchExecutor(prefetches).listener(events).build();
      assertThat(ids.nextValue()).isEqualTo(1); // passes the prefetch point at once
      prefetches.runPending();
      assertThat(store.value("customerId")).isEqualTo(30);
      ids.close();
      assertThat(store.value("customerId")).isEqualTo(1);
      assertThat(events.discarded).isEmpty();
    }

    @Test
    void shouldReportTheDiscardedNumbersWhenSomebodyAllocatedSince() {
      IdAllocator ids = IdAllocator.builder(store).blocks(10).prefetchPercent(0).listener(events)
          .build();
      assertThat(ids.nextValue()).isEqualTo(1);
      assertThat(store.allocate("customerId", 1)).isEqualTo(11); // another process
      ids.close();
      assertThat(store.value("customerId")).isEqualTo(11);
      assertThat(events.discarded).containsExactly("9 CLOSE");
    }

    @Test
    void shouldGiveBackOnlyTheContiguousTailOfInterleavedBlocks() throws Exception {
      IdAllocator ids = IdAllocator.builder(store).blocks(10).blocksAhead(1).prefetchPercent(100)
          .prefetchExecutor(prefetches).listener(events).build();
      assertThat(ids.nextValue()).isEqualTo(1); // block 1..10
      assertThat(store.allocate("customerId", 5)).isEqualTo(15); // another process: 11..15
      prefetches.runPending(); // block 16..25
      ids.close();
      // 16..25 go back; 2..10 lie below the other process's numbers and stay a gap.
      assertThat(store.value("customerId")).isEqualTo(15);
      assertThat(events.discarded).containsExactly("9 CLOSE");
    }

    @Test
    void shouldGiveBackABlockThatArrivesAfterClose() throws Exception {
      IdAllocator ids = IdAllocator.builder(store).blocks(10).blocksAhead(1).prefetchPercent(100)
          .prefetchExecutor(prefetches).listener(events).build();
      assertThat(ids.nextValue()).isEqualTo(1);
      store.holding = new CountDownLatch(1);
      store.hold = new CountDownLatch(1);
      Thread prefetch = prefetches.start();
      assertThat(store.holding.await(HANG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      ids.close(); // the prefetch is inside the store call
      assertThat(store.value("customerId")).isEqualTo(1);
      store.hold.countDown();
      prefetch.join(HANG.toMillis());
      assertThat(prefetch.isAlive()).isFalse();
      assertThat(store.value("customerId")).as("the late block went back too").isEqualTo(1);
      assertThat(events.discarded).isEmpty();
    }

    @Test
    void shouldNotCallTheStoreWhenNothingIsLeftToGiveBack() {
      IdAllocator ids = IdAllocator.builder(store).blocks(2).prefetchPercent(0).listener(events)
          .build();
      ids.nextValue();
      ids.nextValue();
      ids.close();
      assertThat(store.giveBacks).hasValue(0);
      assertThat(events.storeCalls).doesNotContain("GIVE_BACK SUCCESS", "GIVE_BACK FAILURE");
      assertThat(events.discarded).isEmpty();
    }

    @Test
    void shouldKeepWorkingAfterCloseWithOneStoreCallPerId() {
      IdAllocator ids = IdAllocator.builder(store).blocks(10).prefetchPercent(0).build();
      assertThat(ids.nextValue()).isEqualTo(1);
      ids.close();
      ids.close(); // idempotent
      int calls = store.allocations.get();
      assertThat(ids.nextValue()).isEqualTo(2);
      assertThat(ids.next(2)).containsExactly("PL3", "PL4");
      assertThat(store.allocations.get() - calls).isEqualTo(3);
      assertThat(store.value("customerId")).isEqualTo(4);
      assertThat(ids.remainingInBlock()).isZero();
    }

    @Test
    void shouldDoNothingInStrictMode() {
      IdAllocator ids = IdAllocator.builder(store).build();
      ids.next();
      ids.close();
      assertThat(store.giveBacks).hasValue(0);
      assertThat(ids.next()).isEqualTo("PL2");
    }

    @Test
    void shouldReportTheGapOfAFailedGiveBackAsAFailureWhenTheCounterShowsItWasNotApplied() {
      TestStore failing = new TestStore() {
        @Override
        public boolean giveBack(String sequence, long blockEnd, long lastUsed) {
          throw new StoreException("down");
        }
      };
      IdAllocator ids = IdAllocator.builder(failing).blocks(10).prefetchPercent(0)
          .listener(events).build();
      ids.nextValue();
      ids.close();
      assertThat(failing.value("customerId")).isEqualTo(10);
      assertThat(events.storeCalls).containsSubsequence("GIVE_BACK FAILURE", "READ SUCCESS");
      assertThat(events.discarded).containsExactly("9 FAILURE");
    }

    @Test
    void shouldNotReportNumbersAFailedGiveBackMayHaveReturnedToTheStore() {
      // The give-back is applied, then its reply is lost: 2..10 are the next allocator's to hand out.
      TestStore lostReply = new TestStore() {
        @Override
        public boolean giveBack(String sequence, long blockEnd, long lastUsed) {
          super.giveBack(sequence, blockEnd, lastUsed);
          throw new StoreException("reply lost");
        }
      };
      IdAllocator ids = IdAllocator.builder(lostReply).blocks(10).prefetchPercent(0)
          .listener(events).build();
      ids.nextValue();
      ids.close();
      assertThat(lostReply.value("customerId")).isEqualTo(1);
      assertThat(events.discarded).isEmpty();
      try (IdAllocator next = IdAllocator.builder(lostReply).blocks(10).build()) {
        assertThat(next.next()).isEqualTo("PL2");
      }
    }

    @Test
    void shouldNotReportAFailedGiveBackAsDiscardedWhenTheCounterCannotBeReadEither() {
      TestStore down = new TestStore() {
        @Override
        public boolean giveBack(String sequence, long blockEnd, long lastUsed) {
          throw new StoreException("down");
        }

        @Override
        public OptionalLong current(String sequence) {
          throw new StoreException("still down");
        }
      };
      IdAllocator ids = IdAllocator.builder(down).blocks(10).prefetchPercent(0)
          .listener(events).build();
      ids.nextValue();
      ids.close();
      assertThat(events.storeCalls).containsSubsequence("GIVE_BACK FAILURE", "READ FAILURE");
      assertThat(events.discarded).isEmpty();
    }

    @Test
    void shouldReportTheCloseGapBesideAFailedGiveBacksGap() throws Exception {
      TestStore failing = new TestStore() {
        @Override
        public boolean giveBack(String sequence, long blockEnd, long lastUsed) {
          throw new StoreException("down");
        }
      };
      IdAllocator ids = IdAllocator.builder(failing).blocks(10).blocksAhead(1).prefetchPercent(100)
          .prefetchExecutor(prefetches).listener(events).build();
      assertThat(ids.nextValue()).isEqualTo(1); // block 1..10
      assertThat(failing.allocate("customerId", 5)).isEqualTo(15); // another process: 11..15
      prefetches.runPending(); // block 16..25
      ids.close();
      // 2..10 lie below the other process's numbers; the give-back of 16..25 failed and was not
      // applied (the counter is still at 25).
      assertThat(events.discarded).containsExactly("9 CLOSE", "10 FAILURE");
    }

    @Test
    void shouldNeverIssueAValueTwiceWhenAnAllocatorClosesWhileAnotherAllocates() throws Exception {
      List<Long> closers = new ArrayList<>();
      try (IdAllocator steady = IdAllocator.builder(store).blocks(7).build()) {
        ExecutorService other = Executors.newSingleThreadExecutor();
        AtomicInteger stop = new AtomicInteger();
        Future<List<Long>> steadyValues = other.submit(() -> {
          List<Long> got = new ArrayList<>();
          while (stop.get() == 0) {
            got.add(steady.nextValue());
          }
          return got;
        });
        try {
          for (int round = 0; round < 300; round++) {
            IdAllocator closing = IdAllocator.builder(store).blocks(5).build();
            for (int i = 0; i < round % 6; i++) {
              closers.add(closing.nextValue());
            }
            closing.close();
          }
        } finally {
          stop.set(1);
        }
        List<Long> all = new ArrayList<>(steadyValues.get(60, TimeUnit.SECONDS));
        other.shutdown();
        all.addAll(closers);
        assertThat(all).doesNotHaveDuplicates();
        assertThat(store.value("customerId")).isGreaterThanOrEqualTo(
            all.stream().mapToLong(Long::longValue).max().orElse(0));
      }
    }
  }

  @Nested
  class HostileExecutors {

    @Test
    void shouldFallBackToASynchronousFetchWhenTheExecutorDiscardsTheTask() {
      try (IdAllocator ids = IdAllocator.builder(store).blocks(10).prefetchPercent(50)
          .prefetchExecutor(task -> { }).build()) {
        assertTimeoutPreemptively(HANG, () -> {
          for (int i = 1; i <= 35; i++) {
            assertThat(ids.nextValue()).isEqualTo(i);
          }
        });
      }
    }

    @Test
    void shouldNotDeadlockWhenThePrefetchQueuesBehindTheCallersInOneBoundedPool() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(1);
      try (IdAllocator ids = IdAllocator.builder(store).blocks(10).prefetchPercent(50)
          .prefetchExecutor(pool).build()) {
        Future<long[]> handedOut = pool.submit(() -> {
          long[] got = new long[35];
          for (int i = 0; i < got.length; i++) {
            got[i] = ids.nextValue();
          }
          return got;
        });
        assertThat(handedOut.get(HANG.toSeconds(), TimeUnit.SECONDS))
            .containsExactly(LongStream.rangeClosed(1, 35).toArray());
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    void shouldSurviveAnExecutorThatThrowsAnErrorOnceAndPrefetchAgainLater() throws Exception {
      ManualExecutor later = new ManualExecutor();
      AtomicInteger executions = new AtomicInteger();
      Executor failingOnce = task -> {
        if (executions.incrementAndGet() == 1) {
          throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
        }
        later.execute(task);
      };
      try (IdAllocator ids = IdAllocator.builder(store).blocks(10).prefetchPercent(50)
          .prefetchExecutor(failingOnce).build()) {
        assertThat(ids.nextValue()).isEqualTo(1); // installing the block asks for a prefetch: Error
        assertThat(executions).hasValue(1);
        for (int i = 2; i <= 6; i++) {
          assertThat(ids.nextValue()).isEqualTo(i); // the 6th passes the prefetch point
        }
        assertThat(later.pending()).as("a later prefetch was submitted").isEqualTo(1);
        later.runPending();
        assertThat(store.allocatingThreads).extracting(Thread::getName)
            .contains(ManualExecutor.THREAD_NAME);
        for (int i = 7; i <= 50; i++) {
          assertThat(ids.nextValue()).isEqualTo(i);
        }
      }
    }

    @Test
    void shouldFetchSynchronouslyWhenTheExecutorRejectsEveryTask() {
      try (IdAllocator ids = IdAllocator.builder(store).blocks(10).prefetchPercent(50)
          .prefetchExecutor(task -> {
            throw new RejectedExecutionException("queue full");
          }).build()) {
        for (int i = 1; i <= 35; i++) {
          assertThat(ids.nextValue()).isEqualTo(i);
        }
        assertThat(store.allocatingThreads).containsOnly(Thread.currentThread());
      }
    }
  }

  @Nested
  class TopOfTheRange {

    @Test
    void shouldHandOutEveryNumberUpToLongMaxValueInBlockMode() {
      store.advanceTo("customerId", Long.MAX_VALUE - 25);
      RecordingListener events = new RecordingListener();
      try (IdAllocator ids = IdAllocator.builder(store).blocks(10).prefetchPercent(0)
          .listener(events).build()) {
        long[] got = new long[25];
        for (int i = 0; i < got.length; i++) {
          got[i] = ids.nextValue();
        }
        assertThat(got).containsExactlyInAnyOrder(
            LongStream.rangeClosed(Long.MAX_VALUE - 24, Long.MAX_VALUE).toArray());
        assertThatThrownBy(ids::nextValue).isInstanceOf(CounterExhaustedException.class);
        assertThatThrownBy(ids::nextValue).isInstanceOf(CounterExhaustedException.class);
        assertThat(store.value("customerId")).isEqualTo(Long.MAX_VALUE);
        assertThat(events.storeCalls).contains("READ SUCCESS");
        assertThat(store.allocatedCounts).startsWith(10L, 10L, 10L, 5L);
      }
    }

    @Test
    void shouldGiveBackATailThatEndsAtLongMaxValue() {
      store.advanceTo("customerId", Long.MAX_VALUE - 10);
      IdAllocator ids = IdAllocator.builder(store).blocks(10).prefetchPercent(0).build();
      assertThat(ids.nextValue()).isEqualTo(Long.MAX_VALUE - 9);
      ids.close();
      assertThat(store.value("customerId")).isEqualTo(Long.MAX_VALUE - 9);
    }

    @Test
    void shouldReturnAStrictBatchThatEndsAtLongMaxValue() {
      IdAllocator ids = IdAllocator.builder(store).build();
      ids.initialize(Long.MAX_VALUE - 3);
      assertThat(ids.next(3)).containsExactly(
          "PL" + (Long.MAX_VALUE - 2), "PL" + (Long.MAX_VALUE - 1), "PL" + Long.MAX_VALUE);
      assertThatThrownBy(ids::next).isInstanceOf(CounterExhaustedException.class);
    }

    @Test
    void shouldReportAConflictWhenInitializingBelowACounterAtLongMaxValue() {
      IdAllocator ids = IdAllocator.builder(store).build();
      ids.initialize(Long.MAX_VALUE);
      assertThatThrownBy(() -> ids.initialize(5))
          .isInstanceOf(CounterConflictException.class)
          .hasMessageContaining(String.valueOf(Long.MAX_VALUE));
      ids.initialize(Long.MAX_VALUE); // the same value again changes nothing
    }
  }
}
