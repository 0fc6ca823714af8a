package io.github.customerid.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.customerid.core.CounterExhaustedException;
import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.core.spi.SequenceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link SequenceStore} must pass. Extend it in a store's test sources and
 * implement {@link #createStore()}:
 *
 * <pre>{@code
 * class MyStoreContractTest extends SequenceStoreContract {
 *   protected SequenceStore createStore() { return new MyStore(...); }
 * }
 * }</pre>
 *
 * <p>Every test works on its own freshly named sequence ({@link #sequence}), so a store backed by a
 * shared database needs no cleanup between tests. The concurrency tests run {@link #threads()} threads
 * of {@link #allocationsPerThread()} allocations each (8 × 10,000 by default); every one of them
 * collects what each call returned and fails on a single duplicate, and those that race
 * {@code advanceTo} also check the exact final counter or that it never moved backwards.
 */
public abstract class SequenceStoreContract {

  /** For subclasses, which supply the store through {@link #createStore()}. */
  protected SequenceStoreContract() {}

  /** The store under test, created before each test. */
  protected SequenceStore store;

  /** A sequence name no other test uses. */
  protected String sequence;

  /**
   * Creates the store under test. Called before each test.
   *
   * @return a store; it may share its database with other tests
   */
  protected abstract SequenceStore createStore();

  /**
   * Threads in the concurrency tests; at least 8 to satisfy the contract.
   *
   * @return the thread count
   */
  protected int threads() {
    return 8;
  }

  /**
   * Allocations per thread in the concurrency tests; at least 10,000 to satisfy the contract.
   *
   * @return the allocation count
   */
  protected int allocationsPerThread() {
    return 10_000;
  }

  /**
   * Whether the store implements {@link SequenceStore#giveBack}. The give-back tests always check that
   * a give-back never lets a value be issued twice; when this returns {@code true} they also require
   * the tail to be given back whenever the counter is still at the block's end. Default {@code false}:
   * the SPI's default {@code giveBack} declines every give-back.
   *
   * @return {@code true} if the store gives back
   */
  protected boolean supportsGiveBack() {
    return false;
  }

  /** Creates the store and a fresh sequence name. */
  @BeforeEach
  protected void createStoreAndSequence() {
    store = createStore();
    sequence = freshSequence();
  }

  /**
   * Returns a new sequence name that no test has used.
   *
   * @return a valid, unique sequence name
   */
  protected static String freshSequence() {
    return "contract-" + UUID.randomUUID();
  }

  @Test
  void shouldReturnOneOnFirstAllocation() {
    assertThat(store.allocate(sequence, 1)).isEqualTo(1);
    assertThat(store.allocate(sequence, 1)).isEqualTo(2);
  }

  @Test
  void shouldReportAbsentCounterAsEmpty() {
    assertThat(store.current(sequence)).isEmpty();
  }

  @Test
  void shouldReportLastIssuedValue() {
    store.allocate(sequence, 5);
    assertThat(store.current(sequence)).hasValue(5);
  }

  @Test
  void shouldReserveContiguousDisjointBlocks() {
    long a = store.allocate(sequence, 10);
    long b = store.allocate(sequence, 1);
    long c = store.allocate(sequence, 100);
    assertThat(a).isEqualTo(10);
    assertThat(b).isEqualTo(11);
    assertThat(c).isEqualTo(111);
    assertThat(store.current(sequence)).hasValue(111);
  }

  @Test
  void shouldCreateAnAbsentCounterWhenAdvancing() {
    assertThat(store.advanceTo(sequence, 23)).isEqualTo(23);
    assertThat(store.current(sequence)).hasValue(23);
    assertThat(store.allocate(sequence, 1)).isEqualTo(24);
  }

  @Test
  void shouldNotAdvanceAUsedCounterBackwards() {
    store.allocate(sequence, 3);
    assertThat(store.advanceTo(sequence, 2)).isEqualTo(3);
    assertThat(store.allocate(sequence, 1)).isEqualTo(4);
  }

  @Test
  void shouldAdvanceForwardOnly() {
    assertThat(store.advanceTo(sequence, 10)).isEqualTo(10);
    assertThat(store.advanceTo(sequence, 5)).isEqualTo(10);
    assertThat(store.current(sequence)).hasValue(10);
    assertThat(store.advanceTo(sequence, 20)).isEqualTo(20);
    assertThat(store.allocate(sequence, 1)).isEqualTo(21);
  }

  @Test
  void shouldResetBackwardsOnlyWhenExplicitlyAsked() {
    store.allocate(sequence, 50);
    store.resetAllowingDuplicates(sequence, 7);
    assertThat(store.current(sequence)).hasValue(7);
    assertThat(store.allocate(sequence, 1)).isEqualTo(8);
  }

  @Test
  void shouldKeepSequencesIndependent() {
    String other = freshSequence();
    store.allocate(sequence, 10);
    assertThat(store.allocate(other, 1)).isEqualTo(1);
    assertThat(store.current(sequence)).hasValue(10);
    store.advanceTo(other, 1000);
    assertThat(store.current(sequence)).hasValue(10);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "a b", "name/with/slash", "$inc", "na\u00efve", "tab\t"})
  void shouldRejectInvalidSequenceNames(String name) {
    assertThatThrownBy(() -> store.allocate(name, 1))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("sequence name");
    assertThatThrownBy(() -> store.advanceTo(name, 1))
        .isInstanceOf(InvalidConfigurationException.class);
    assertThatThrownBy(() -> store.current(name))
        .isInstanceOf(InvalidConfigurationException.class);
    assertThatThrownBy(() -> store.resetAllowingDuplicates(name, 1))
        .isInstanceOf(InvalidConfigurationException.class);
  }

  @Test
  void shouldRejectTooLongAndNullSequenceNames() {
    assertThatThrownBy(() -> store.allocate("x".repeat(129), 1))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("129");
    assertThatThrownBy(() -> store.allocate(null, 1)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void shouldRejectInvalidCountsWithoutTouchingTheCounter(long count) {
    store.allocate(sequence, 4);
    assertThatThrownBy(() -> store.allocate(sequence, count))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(count));
    assertThat(store.current(sequence)).hasValue(4);
  }

  @Test
  void shouldRejectNegativeLastValues() {
    assertThatThrownBy(() -> store.advanceTo(sequence, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.resetAllowingDuplicates(sequence, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.current(sequence)).isEmpty();
  }

  @Test
  void shouldRejectOverflowInsteadOfWrappingAround() {
    store.advanceTo(sequence, Long.MAX_VALUE - 2);
    assertThatThrownBy(() -> store.allocate(sequence, 3))
        .isInstanceOf(CounterExhaustedException.class)
        .hasMessageContaining(sequence);
    assertThat(store.current(sequence)).hasValue(Long.MAX_VALUE - 2);
    assertThat(store.allocate(sequence, 2)).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> store.allocate(sequence, 1))
        .isInstanceOf(CounterExhaustedException.class);
    assertThat(store.current(sequence)).hasValue(Long.MAX_VALUE);
  }

  @Test
  void shouldHandOutEveryValueExactlyOnceUnderContention() {
    ConcurrentAllocationCheck.Result r = ConcurrentAllocationCheck.run(
        threads(), allocationsPerThread(), () -> store.allocate(sequence, 1));
    long expected = (long) threads() * allocationsPerThread();
    assertThat(r.failures()).isEmpty();
    assertThat(r.duplicates()).as("duplicates").isEmpty();
    assertThat(r.gaps()).as("gaps").isEmpty();
    assertThat(r.values()).hasSize((int) expected);
    assertThat(store.current(sequence)).hasValue(expected);
  }

  @Test
  void shouldKeepBlocksDisjointUnderContention() {
    AtomicInteger sizes = new AtomicInteger();
    List<long[]> blocks = java.util.Collections.synchronizedList(new ArrayList<>());
    ConcurrentAllocationCheck.Result r = ConcurrentAllocationCheck.run(threads(),
        allocationsPerThread() / 10, () -> {
          int size = 1 + Math.floorMod(sizes.getAndIncrement(), 7);
          long end = store.allocate(sequence, size);
          blocks.add(new long[] {end - size + 1, end});
          return end;
        });
    assertThat(r.failures()).isEmpty();
    long[] covered = blocks.stream()
        .flatMapToLong(b -> java.util.stream.LongStream.rangeClosed(b[0], b[1]))
        .sorted().toArray();
    assertThat(covered).as("every value of every block").doesNotHaveDuplicates();
    assertThat(covered[0]).isEqualTo(1);
    assertThat(covered[covered.length - 1]).isEqualTo(covered.length);
  }

  @Test
  void shouldEndAtTheHighestTargetWhenAnAbsentCounterIsAdvancedConcurrently() {
    AtomicInteger attempt = new AtomicInteger();
    List<long[]> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    ConcurrentAllocationCheck.Result r = ConcurrentAllocationCheck.run(threads(), 1, () -> {
      long target = 100 + attempt.getAndIncrement();
      long after = store.advanceTo(sequence, target);
      calls.add(new long[] {target, after});
      return target;
    });
    assertThat(r.failures()).isEmpty();
    assertThat(calls).hasSize(threads());
    assertThat(calls).allSatisfy(c -> assertThat(c[1]).as("value after advancing to %d", c[0])
        .isBetween(c[0], 100L + threads() - 1));
    assertThat(store.current(sequence)).hasValue(100L + threads() - 1);
  }

  /**
   * One thread advances the counter, alternately to a value ahead of it and to a value it has already
   * passed (as a heal from a stale highest ID does), while the other threads allocate: at least 100
   * values each, on until the advances are over, then 100 more. So every advance overlaps
   * allocations and allocations follow the last one. An {@code advanceTo} that reads, then writes, moves
   * the counter back over values allocated in between: later allocations repeat them (a duplicate), or
   * the counter ends below them.
   */
  @Test
  void shouldNeverMoveBackwardsWhileAdvancingAndAllocatingConcurrently() throws Exception {
    int advances = 200;
    int allocators = Math.max(1, threads() - 1);
    ExecutorService pool = Executors.newFixedThreadPool(allocators + 1);
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean advancing = new AtomicBoolean(true);
    try {
      Future<List<long[]>> advancer = pool.submit(() -> {
        List<long[]> calls = new ArrayList<>();
        try {
          start.await();
          for (int n = 1; n <= advances; n++) {
            long target = n % 2 == 1 ? store.current(sequence).orElse(0) + 10 : n;
            calls.add(new long[] {target, store.advanceTo(sequence, target)});
          }
        } finally {
          advancing.set(false);
        }
        return calls;
      });
      List<Future<long[]>> allocations = new ArrayList<>();
      for (int t = 0; t < allocators; t++) {
        allocations.add(pool.submit(() -> {
          start.await();
          LongStream.Builder got = LongStream.builder();
          int i = 0;
          while ((i++ < 100 || advancing.get()) && !Thread.currentThread().isInterrupted()) {
            got.add(store.allocate(sequence, 1));
          }
          for (int k = 0; k < 100; k++) {
            got.add(store.allocate(sequence, 1));
          }
          return got.build().toArray();
        }));
      }
      start.countDown();
      List<long[]> advanced = advancer.get(10, TimeUnit.MINUTES);
      LongStream.Builder all = LongStream.builder();
      for (Future<long[]> f : allocations) {
        LongStream.of(f.get(10, TimeUnit.MINUTES)).forEach(all);
      }
      long[] allocated = all.build().sorted().toArray();

      assertThat(allocated).as("values allocated while the counter was advanced")
          .doesNotHaveDuplicates();
      assertThat(advanced).allSatisfy(c -> assertThat(c[1])
          .as("value returned by advanceTo(%d)", c[0]).isGreaterThanOrEqualTo(c[0]));
      long highestTarget = advanced.stream().mapToLong(c -> c[0]).max().orElse(0);
      assertThat(store.current(sequence).getAsLong()).as("counter at the end")
          .isGreaterThanOrEqualTo(allocated[allocated.length - 1])
          .isGreaterThanOrEqualTo(highestTarget);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldHandOutDistinctIdsThroughBlockModeFacadeUnderContention() {
    try (IdAllocator ids = IdAllocator.builder(store).sequence(sequence).blocks(100).build()) {
      ConcurrentAllocationCheck.Result r =
          ConcurrentAllocationCheck.run(threads(), allocationsPerThread(), ids::nextValue);
      assertThat(r.failures()).isEmpty();
      assertThat(r.duplicates()).as("duplicates").isEmpty();
      assertThat(r.values()).hasSize(threads() * allocationsPerThread());
      // Every value handed out lies within what the store reserved.
      assertThat(r.values()[r.values().length - 1])
          .isLessThanOrEqualTo(store.current(sequence).getAsLong());
    }
  }

  @Test
  void shouldHandOutFormattedIdsThroughStrictFacade() {
    IdAllocator ids = IdAllocator.builder(store).sequence(sequence).build();
    ids.initialize(23);
    assertThat(ids.next()).isEqualTo("PL24");
    assertThat(ids.next(3)).containsExactly("PL25", "PL26", "PL27");
    assertThat(ids.current()).hasValue("PL27");
    assertThat(IdFormat.defaultFormat().parse(ids.next())).isEqualTo(28);
  }

  @Test
  void shouldGiveBackTheTailOnlyWhileTheCounterIsStillAtTheBlockEnd() {
    long end = store.allocate(sequence, 10);
    boolean givenBack = store.giveBack(sequence, end, 3);
    if (supportsGiveBack()) {
      assertThat(givenBack).as("give-back with the counter at the block end").isTrue();
    }
    assertThat(store.current(sequence)).hasValue(givenBack ? 3 : 10);
    assertThat(store.allocate(sequence, 1)).isEqualTo(givenBack ? 4 : 11);
  }

  @Test
  void shouldRefuseGiveBackOnceTheCounterMovedOn() {
    long end = store.allocate(sequence, 10);
    store.allocate(sequence, 1); // somebody else allocated after the block
    assertThat(store.giveBack(sequence, end, 3)).isFalse();
    assertThat(store.current(sequence)).hasValue(11);
    store.advanceTo(sequence, 50);
    assertThat(store.giveBack(sequence, 11, 3)).isFalse();
    assertThat(store.current(sequence)).hasValue(50);
    String absent = freshSequence();
    assertThat(store.giveBack(absent, 10, 3)).isFalse();
    assertThat(store.current(absent)).isEmpty();
  }

  @Test
  void shouldRejectGiveBackArgumentsOutsideTheBlock() {
    if (!supportsGiveBack()) {
      return; // the SPI's default checks nothing and declines everything
    }
    store.allocate(sequence, 10);
    assertThatThrownBy(() -> store.giveBack(sequence, 10, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10");
    assertThatThrownBy(() -> store.giveBack(sequence, 10, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    assertThat(store.current(sequence)).hasValue(10);
  }

  @Test
  void shouldNeverIssueAValueTwiceWhenGiveBackRacesAllocations() {
    // Half of the calls reserve a block of 5, hand out part of it and give the rest back, as a
    // closing block allocator does; the others allocate single values at the same time. Whatever
    // wins each race, no value may be handed out twice.
    java.util.Queue<Long> issued = new java.util.concurrent.ConcurrentLinkedQueue<>();
    AtomicInteger calls = new AtomicInteger();
    ConcurrentAllocationCheck.Result r = ConcurrentAllocationCheck.run(threads(),
        allocationsPerThread() / 10, () -> {
          int n = calls.incrementAndGet();
          if (n % 2 == 0) {
            long v = store.allocate(sequence, 1);
            issued.add(v);
            return v;
          }
          long end = store.allocate(sequence, 5);
          long used = n % 5; // 0 to 4 of the block's 5 values handed out
          for (long v = end - 4; v < end - 4 + used; v++) {
            issued.add(v);
          }
          store.giveBack(sequence, end, end - 5 + used);
          return end;
        });
    assertThat(r.failures()).isEmpty();
    long[] all = issued.stream().mapToLong(Long::longValue).sorted().toArray();
    assertThat(all).as("values handed out around give-backs").doesNotHaveDuplicates();
    assertThat(store.current(sequence).getAsLong()).isGreaterThanOrEqualTo(all[all.length - 1]);
  }

  @Test
  void shouldNeverIssueAValueTwiceWhenABlockAllocatorClosesWhileAnotherAllocates() throws Exception {
    // One allocator hands out IDs without pause while short-lived ones take a few and close, giving
    // their unused tails back whenever the counter still ends at their last block.
    java.util.List<Long> closers = new ArrayList<>();
    java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    try (IdAllocator steady = IdAllocator.builder(store).sequence(sequence).blocks(7).build()) {
      java.util.concurrent.Future<List<Long>> steadyValues = other.submit(() -> {
        List<Long> got = new ArrayList<>();
        while (!stop.get()) {
          got.add(steady.nextValue());
        }
        return got;
      });
      try {
        for (int round = 0; round < 100; round++) {
          IdAllocator closing = IdAllocator.builder(store).sequence(sequence).blocks(5).build();
          for (int i = 0; i < round % 6; i++) {
            closers.add(closing.nextValue());
          }
          closing.close();
        }
      } finally {
        stop.set(true);
      }
      List<Long> all = new ArrayList<>(steadyValues.get(10, java.util.concurrent.TimeUnit.MINUTES));
      all.addAll(closers);
      assertThat(all).as("values of all allocators").doesNotHaveDuplicates();
      long highest = all.stream().mapToLong(Long::longValue).max().orElse(0);
      assertThat(store.allocate(sequence, 1)).isGreaterThan(highest);
    } finally {
      other.shutdownNow();
    }
  }
}
