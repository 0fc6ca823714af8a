package io.github.customerid.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.customerid.core.CounterExhaustedException;
import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.core.spi.SequenceStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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
 * shared database needs no cleanup between tests. The allocation races run {@link #threads()} threads
 * of up to {@link #allocationsPerThread()} allocations each (8 × 10,000 by default); each collects what
 * every call returned and fails on a single value handed out twice. The races that involve {@code advanceTo}
 * repeat a short race for {@link #raceRounds()} rounds (100 by default), each on a new sequence with
 * the threads started together and keeping a fixed number of values per round; they fail when a
 * caller sees the counter move backwards or when it ends anywhere but where it must: the exact highest
 * target for concurrent advances (where two callers may legitimately be told the same value), at or
 * above every value handed out when advances race allocations (where a duplicate also fails).
 */
public abstract class SequenceStoreContract {

  /** Allocations per allocating thread in one round of the advance-and-allocate race. */
  private static final int ALLOCATIONS_PER_ROUND = 10;

  /** Advances per thread in one round of the concurrent-advance race. */
  private static final int ADVANCES_PER_ROUND = 4;

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
   * Rounds of each race between {@code advanceTo} and other calls; at least 100 to satisfy the
   * contract. A store that reads, then writes, loses an update only when another call lands in the
   * instant between its read and its write, which a single round may not bring about; each round is
   * a new chance, so a broken store passes all of them only with a vanishing probability. Measured
   * with an in-memory store whose {@code advanceTo} reads, then writes, on a loaded two-core
   * machine: each race caught it in about one round in three, and always by round 12 in 40 runs.
   *
   * @return the number of rounds
   */
  protected int raceRounds() {
    return 100;
  }

  /**
   * Whether the store implements {@link SequenceStore#giveBack}. The give-back tests always check
   * that a give-back never lets a value be issued twice; when this returns {@code true} they also
   * require the tail to be given back whenever the counter is still at the block's end. Default
   * {@code false}: the SPI's default {@code giveBack} declines every give-back.
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

  /**
   * Several callers advance an absent counter at once, as service instances initialising it
   * together do, while one more heals from a stale value the whole time: it advances, again and
   * again, to the value its previous call returned. Each of the other {@code threads() - 1} threads
   * advances to {@value #ADVANCES_PER_ROUND} targets of a seeded shuffle of {@code 1..n}. No call
   * may report a value below its target, above every target, or below what the same caller saw
   * before, and the counter ends at exactly the highest target. Repeated for {@link #raceRounds()}
   * rounds, each on a new sequence with all threads started together; two callers may legitimately
   * be told the same value. An {@code advanceTo} that reads, then writes, lets the healer write
   * back a value it read before another caller's larger target landed.
   */
  @Test
  void shouldEndAtTheHighestTargetWhenAnAbsentCounterIsAdvancedConcurrently() throws Exception {
    int advancers = Math.max(1, threads() - 1);
    long highest = (long) advancers * ADVANCES_PER_ROUND;
    List<Long> targets = new ArrayList<>();
    for (long t = 1; t <= highest; t++) {
      targets.add(t);
    }
    Random shuffle = new Random(20_150_101L);
    ExecutorService pool = Executors.newFixedThreadPool(advancers + 1);
    try {
      for (int round = 1; round <= raceRounds(); round++) {
        String seq = freshSequence();
        Collections.shuffle(targets, shuffle);
        StartLine start = new StartLine(advancers + 1);
        AtomicInteger advancing = new AtomicInteger(advancers);
        List<Future<String>> callers = new ArrayList<>();
        for (int t = 0; t < advancers; t++) {
          long[] mine = targets.subList(t * ADVANCES_PER_ROUND, (t + 1) * ADVANCES_PER_ROUND)
              .stream().mapToLong(Long::longValue).toArray();
          callers.add(pool.submit(() -> {
            try {
              start.arriveAndAwait();
              long seen = 0;
              for (long target : mine) {
                long after = store.advanceTo(seq, target);
                if (after < target || after > highest || after < seen) {
                  return "advanceTo(" + target + ") returned " + after + " to a caller that had seen "
                      + seen + " (targets 1.." + highest + ")";
                }
                seen = after;
              }
              return null;
            } finally {
              advancing.decrementAndGet();
            }
          }));
        }
        callers.add(pool.submit(
            () -> healFromStaleValues(start, seq, false, () -> advancing.get() > 0)));
        for (Future<String> caller : callers) {
          assertThat(caller.get(10, TimeUnit.MINUTES)).as("round %d of %d", round, raceRounds())
              .isNull();
        }
        assertThat(store.current(seq)).as("round %d of %d: counter at the end", round, raceRounds())
            .hasValue(highest);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * One thread advances the counter again and again, mostly to the value its previous call returned
   * (a value the counter has passed, as a heal from a stale highest ID does) and every fourth time
   * one beyond it, while the other threads allocate {@value #ALLOCATIONS_PER_ROUND} values each.
   * Every value must be new, each thread's values must increase, each {@code advanceTo} must return
   * at least its target and at least what it returned before, and the counter must end at or above
   * every value handed out. Repeated for {@link #raceRounds()} rounds, each on a new sequence with
   * all threads started together and the advances running until the last allocation is done. An
   * {@code advanceTo} that reads, then writes, moves the counter back over values allocated in
   * between: later allocations repeat them (a duplicate), or the counter ends below them.
   */
  @Test
  void shouldNeverMoveBackwardsWhileAdvancingAndAllocatingConcurrently() throws Exception {
    int allocators = Math.max(1, threads() - 1);
    ExecutorService pool = Executors.newFixedThreadPool(allocators + 1);
    try {
      for (int round = 1; round <= raceRounds(); round++) {
        String seq = freshSequence();
        StartLine start = new StartLine(allocators + 1);
        AtomicInteger allocating = new AtomicInteger(allocators);
        List<Future<long[]>> allocations = new ArrayList<>();
        for (int t = 0; t < allocators; t++) {
          allocations.add(pool.submit(() -> {
            try {
              long[] got = new long[ALLOCATIONS_PER_ROUND];
              start.arriveAndAwait();
              for (int i = 0; i < got.length; i++) {
                got[i] = store.allocate(seq, 1);
              }
              return got;
            } finally {
              allocating.decrementAndGet();
            }
          }));
        }
        Future<String> advancer =
            pool.submit(() -> healFromStaleValues(start, seq, true, () -> allocating.get() > 0));

        long[] all = new long[allocators * ALLOCATIONS_PER_ROUND];
        int n = 0;
        for (Future<long[]> f : allocations) {
          long[] got = f.get(10, TimeUnit.MINUTES);
          for (int i = 1; i < got.length; i++) {
            assertThat(got[i]).as("round %d of %d: a thread's allocation after it got %d", round,
                raceRounds(), got[i - 1]).isGreaterThan(got[i - 1]);
          }
          System.arraycopy(got, 0, all, n, got.length);
          n += got.length;
        }
        String advanceFailure = advancer.get(10, TimeUnit.MINUTES);
        Arrays.sort(all);
        assertThat(all).as("round %d of %d: values allocated while the counter was advanced", round,
            raceRounds()).doesNotHaveDuplicates();
        assertThat(advanceFailure).as("round %d of %d", round, raceRounds()).isNull();
        assertThat(store.current(seq).getAsLong())
            .as("round %d of %d: counter at the end", round, raceRounds())
            .isGreaterThanOrEqualTo(all[all.length - 1]);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Advances {@code seq} while {@code going} holds (at least once) to the value the previous call
   * returned, and if {@code stepAhead}, every fourth time to one more.
   *
   * @return a description of the first call that broke the contract, or null
   */
  private String healFromStaleValues(StartLine start, String seq, boolean stepAhead,
      BooleanSupplier going) {
    start.arriveAndAwait();
    long seen = 0;
    int calls = 0;
    do {
      long target = stepAhead && ++calls % 4 == 0 ? seen + 1 : seen;
      long after = store.advanceTo(seq, target);
      if (after < target || after < seen) {
        return "advanceTo(" + target + ") returned " + after + " to a caller that had seen " + seen;
      }
      seen = after;
    } while (going.getAsBoolean());
    return null;
  }

  /**
   * Lines threads up so that they start a race at the same instant: each spins until all have
   * arrived, instead of parking, so no thread is still waking up when the others are done.
   */
  private static final class StartLine {
    private final AtomicInteger missing;

    StartLine(int parties) {
      this.missing = new AtomicInteger(parties);
    }

    void arriveAndAwait() {
      missing.decrementAndGet();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      for (int spins = 1; missing.get() > 0; spins++) {
        if (spins % 64 != 0) {
          Thread.onSpinWait();
        } else if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(missing.get() + " racing threads never started");
        } else {
          Thread.yield(); // more racers than cores: let the missing ones run
        }
      }
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
