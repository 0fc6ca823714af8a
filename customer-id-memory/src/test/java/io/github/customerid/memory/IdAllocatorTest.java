package io.github.customerid.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.customerid.core.AllocationMode;
import io.github.customerid.core.CounterConflictException;
import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.core.StoreException;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.testkit.ConcurrentAllocationCheck;
import io.github.customerid.testkit.ForwardingSequenceStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class IdAllocatorTest {

  private final InMemorySequenceStore memory = new InMemorySequenceStore();

  /** Records which thread called allocate, can fail on demand and can hold a call until released. */
  static final class ObservedStore extends ForwardingSequenceStore {
    final List<String> allocatingThreads = new CopyOnWriteArrayList<>();
    final AtomicInteger allocations = new AtomicInteger();
    volatile RuntimeException failNext;
    volatile CountDownLatch hold;

    ObservedStore(SequenceStore delegate) {
      super(delegate);
    }

    @Override
    public long allocate(String sequence, long count) {
      allocatingThreads.add(Thread.currentThread().getName());
      allocations.incrementAndGet();
      CountDownLatch h = hold;
      if (h != null) {
        try {
          h.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      RuntimeException f = failNext;
      if (f != null) {
        failNext = null;
        throw f;
      }
      return super.allocate(sequence, count);
    }
  }

  @Nested
  class Strict {

    @Test
    void shouldHandOutPl1Pl2Pl3() {
      IdAllocator ids = IdAllocator.builder(memory).build();
      assertThat(ids.next()).isEqualTo("PL1");
      assertThat(ids.next()).isEqualTo("PL2");
      assertThat(ids.nextValue()).isEqualTo(3);
      assertThat(ids.mode()).isEqualTo(AllocationMode.STRICT);
      assertThat(memory.current("customerId")).hasValue(3);
    }

    @Test
    void shouldContinueAfterInitialize() {
      IdAllocator ids = IdAllocator.builder(memory).build();
      ids.initialize(23);
      assertThat(ids.next()).isEqualTo("PL24");
    }

    @Test
    void shouldAllocateABatchInOneRoundTrip() {
      ObservedStore store = new ObservedStore(memory);
      IdAllocator ids = IdAllocator.builder(store).format(IdFormat.of("CU")).build();
      assertThat(ids.next(3)).containsExactly("CU1", "CU2", "CU3");
      assertThat(store.allocations).hasValue(1);
      assertThatThrownBy(() -> ids.next(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReportCurrentAsEmptyUntilUsed() {
      IdAllocator ids = IdAllocator.builder(memory).build();
      assertThat(ids.current()).isEmpty();
      assertThat(ids.currentValue()).isEmpty();
      ids.next();
      assertThat(ids.current()).hasValue("PL1");
    }

    @Test
    void shouldSurfaceStoreFailuresAndStaySafeAfterwards() {
      ObservedStore store = new ObservedStore(memory);
      IdAllocator ids = IdAllocator.builder(store).build();
      store.failNext = new StoreException("boom");
      assertThatThrownBy(ids::next).isInstanceOf(StoreException.class).hasMessage("boom");
      assertThat(ids.next()).isEqualTo("PL1");
    }
  }

  @Nested
  class Initialize {

    @Test
    void shouldBeIdempotentAndMoveForward() {
      IdAllocator ids = IdAllocator.builder(memory).build();
      ids.initialize(23);
      ids.initialize(23);
      ids.initialize(40);
      assertThat(ids.next()).isEqualTo("PL41");
    }

    @Test
    void shouldRefuseToMoveBackwards() {
      IdAllocator ids = IdAllocator.builder(memory).build();
      ids.initialize(100);
      assertThatThrownBy(() -> ids.initialize(23))
          .isInstanceOf(CounterConflictException.class)
          .hasMessageContaining("23")
          .hasMessageContaining("100")
          .hasMessageContaining("PL101");
      assertThat(ids.next()).isEqualTo("PL101");
    }

    @Test
    void shouldMoveBackwardsOnlyWhenForced() {
      IdAllocator ids = IdAllocator.builder(memory).build();
      ids.initialize(100);
      ids.resetAllowingDuplicates(23);
      assertThat(ids.next()).isEqualTo("PL24");
    }

    @Test
    void shouldRejectNegativeValues() {
      IdAllocator ids = IdAllocator.builder(memory).build();
      assertThatThrownBy(() -> ids.initialize(-1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ids.resetAllowingDuplicates(-5))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(memory.current("customerId")).isEmpty();
    }
  }

  @Nested
  class Block {

    @Test
    void shouldHandOutABlockPerRoundTrip() {
      ObservedStore store = new ObservedStore(memory);
      try (IdAllocator ids = IdAllocator.builder(store).blocks(10).prefetchPercent(0).build()) {
        for (int i = 1; i <= 25; i++) {
          assertThat(ids.nextValue()).isEqualTo(i);
        }
        assertThat(store.allocations).hasValue(3);
        assertThat(memory.current("customerId")).hasValue(30);
      }
    }

    @Test
    void shouldFetchTheNextBlockInTheBackgroundBeforeTheCurrentRunsOut() throws Exception {
      ObservedStore store = new ObservedStore(memory);
      try (IdAllocator ids = IdAllocator.builder(store).blocks(100).prefetchPercent(25).build()) {
        for (int i = 0; i < 76; i++) {
          ids.nextValue();
        }
        // The 76th value left 24 in the block: the prefetch has started, off the caller's thread.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.allocations.get() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        assertThat(store.allocations).hasValue(2);
        assertThat(store.allocatingThreads.get(0)).isEqualTo(Thread.currentThread().getName());
        assertThat(store.allocatingThreads.get(1)).startsWith("customer-id-prefetch-customerId");
        for (int i = 77; i <= 200; i++) {
          assertThat(ids.nextValue()).isEqualTo(i);
        }
        assertThat(List.copyOf(store.allocatingThreads).subList(0, 2))
            .containsOnlyOnce(Thread.currentThread().getName());
      }
    }

    @Test
    void shouldFallBackToASynchronousFetchWhenThePrefetchFailed() throws Exception {
      ObservedStore store = new ObservedStore(memory);
      try (IdAllocator ids = IdAllocator.builder(store).blocks(4).prefetchPercent(50).build()) {
        assertThat(ids.nextValue()).isEqualTo(1);
        store.failNext = new StoreException("prefetch lost");
        assertThat(ids.nextValue()).isEqualTo(2); // triggers the (failing) prefetch
        assertThat(ids.nextValue()).isEqualTo(3);
        assertThat(ids.nextValue()).isEqualTo(4);
        assertThat(ids.nextValue()).isEqualTo(5); // synchronous fetch after the failed prefetch
      }
    }

    @Test
    void shouldSurfaceAFailureOfTheSynchronousFetch() {
      ObservedStore store = new ObservedStore(memory);
      try (IdAllocator ids = IdAllocator.builder(store).blocks(2).prefetchPercent(0).build()) {
        store.failNext = new StoreException("down");
        assertThatThrownBy(ids::next).isInstanceOf(StoreException.class).hasMessage("down");
        assertThat(ids.next()).isEqualTo("PL1");
      }
    }

    @Test
    void shouldLeaveAGapAfterRestartButNeverADuplicate() {
      IdAllocator first = IdAllocator.builder(memory).blocks(10).prefetchPercent(0).build();
      assertThat(first.next()).isEqualTo("PL1");
      first.close();
      IdAllocator second = IdAllocator.builder(memory).blocks(10).prefetchPercent(0).build();
      assertThat(second.next()).isEqualTo("PL11");
    }

    @Test
    void shouldGiveDisjointBlocksToAllocatorsSharingTheStore() {
      try (IdAllocator a = IdAllocator.builder(memory).blocks(7).build();
          IdAllocator b = IdAllocator.builder(memory).blocks(13).build()) {
        AtomicInteger turn = new AtomicInteger();
        ConcurrentAllocationCheck.Result r = ConcurrentAllocationCheck.run(8, 5_000,
            () -> (turn.incrementAndGet() & 1) == 0 ? a.nextValue() : b.nextValue());
        assertThat(r.failures()).isEmpty();
        assertThat(r.duplicates()).isEmpty();
        assertThat(r.values()).hasSize(40_000);
      }
    }

    @Test
    void shouldNotBlockCallersWhileAPrefetchIsSlow() throws Exception {
      ObservedStore store = new ObservedStore(memory);
      try (IdAllocator ids = IdAllocator.builder(store).blocks(100).prefetchPercent(50).build()) {
        ids.nextValue();
        store.hold = new CountDownLatch(1);
        for (int i = 2; i <= 100; i++) {
          assertThat(ids.nextValue()).isEqualTo(i); // served from the block while the fetch hangs
        }
        store.hold.countDown();
        assertThat(ids.nextValue()).isEqualTo(101);
      }
    }

    @Test
    void shouldPrefetchEarlierAfterCallersCaughtUpWithAPrefetch() throws Exception {
      ObservedStore store = new ObservedStore(memory);
      try (IdAllocator ids = IdAllocator.builder(store).blocks(100).prefetchPercent(10).build()) {
        ids.nextValue(); // block 1..100, prefetch when 9 are left (at 91)
        store.hold = new CountDownLatch(1);
        for (int i = 2; i <= 100; i++) {
          ids.nextValue();
        }
        CountDownLatch release = store.hold;
        Thread releaser = new Thread(() -> {
          sleep(200);
          release.countDown();
        });
        releaser.start();
        assertThat(ids.nextValue()).isEqualTo(101); // waited for the slow prefetch
        store.hold = null;
        for (int i = 102; i <= 181; i++) {
          assertThat(ids.nextValue()).isEqualTo(i);
        }
        sleep(100);
        assertThat(store.allocations).as("no prefetch before 18 values are left").hasValue(2);
        assertThat(ids.nextValue()).isEqualTo(182); // 18 left: twice the old distance
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.allocations.get() < 3 && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        assertThat(store.allocations).hasValue(3);
      }
    }

    private void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Test
    void shouldRejectBadBlockSettings() {
      IdAllocator.Builder b = IdAllocator.builder(memory);
      assertThatThrownBy(() -> b.blocks(0)).isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("0");
      assertThatThrownBy(() -> b.blocks(1_000_001))
          .isInstanceOf(InvalidConfigurationException.class);
      assertThatThrownBy(() -> b.prefetchPercent(101))
          .isInstanceOf(InvalidConfigurationException.class);
      assertThatThrownBy(() -> b.sequence("bad name"))
          .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void shouldHandOutBatchesFromBlocks() {
      try (IdAllocator ids = IdAllocator.builder(memory).blocks(3).build()) {
        assertThat(ids.next(5)).containsExactly("PL1", "PL2", "PL3", "PL4", "PL5");
        assertThat(ids.blockSize()).isEqualTo(3);
        assertThat(ids.toString()).contains("BLOCK", "3");
      }
    }
  }
}
