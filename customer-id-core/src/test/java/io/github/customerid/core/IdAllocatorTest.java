package io.github.customerid.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    void shouldFallBackToASynchronousFetchWhenThePrefetchFailed() throws Exception {
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try (IdAllocator ids = IdAllocator.builder(store).blocks(4).prefetchPercent(50)
          .prefetchExecutor(pool).build()) {
        assertThat(ids.nextValue()).isEqualTo(1);
        store.failNext.set(new StoreException("prefetch lost"));
        assertThat(ids.nextValue()).isEqualTo(2); // starts the prefetch, which fails
        assertThat(ids.nextValue()).isEqualTo(3);
        assertThat(ids.nextValue()).isEqualTo(4);
        assertThat(ids.nextValue()).isEqualTo(5); // fetched synchronously (or by a later prefetch)
      } finally {
        pool.shutdownNow();
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
    void shouldHandOutBatchesFromBlocks() {
      try (IdAllocator ids = IdAllocator.builder(store).blocks(3).build()) {
        assertThat(ids.next(5)).containsExactly("PL1", "PL2", "PL3", "PL4", "PL5");
        assertThat(ids.blockSize()).isEqualTo(3);
        assertThat(ids.toString()).contains("BLOCK", "3");
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
    void shouldSurviveAnExecutorThatThrowsAnErrorOnceAndPrefetchAgainLater() {
      ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-prefetch"));
      AtomicInteger executions = new AtomicInteger();
      Executor failingOnce = task -> {
        if (executions.incrementAndGet() == 1) {
          throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
        }
        pool.execute(task);
      };
      try (IdAllocator ids = IdAllocator.builder(store).blocks(10).prefetchPercent(50)
          .prefetchExecutor(failingOnce).build()) {
        assertTimeoutPreemptively(HANG, () -> {
          for (int i = 1; i <= 50; i++) {
            assertThat(ids.nextValue()).isEqualTo(i);
          }
        });
        assertThat(executions).hasValueGreaterThan(1);
        assertThat(store.allocatingThreads).extracting(Thread::getName).contains("test-prefetch");
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  class TopOfTheRange {

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
