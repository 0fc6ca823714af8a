package io.github.customerid.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.testkit.ConcurrentAllocationCheck;
import io.github.customerid.testkit.ForwardingSequenceStore;
import io.github.customerid.testkit.SequenceStoreContract;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Proves that the contract kit can fail: each broken store below is run through the kit's own tests
 * for its defect and must turn them red, every time. The lost-update store forces its interleaving
 * with a barrier. The read-then-write advance is left to the scheduler, as it is in a real broken
 * store: the kit's advance races repeat their race for many rounds, so the chance that all of them
 * miss it is vanishing (each round catches it about one time in three on a loaded two-core
 * machine).
 */
class ContractCatchesBrokenStoreTest {

  private static final String[] ADVANCE_RACES = {
      "shouldNeverMoveBackwardsWhileAdvancingAndAllocatingConcurrently",
      "shouldEndAtTheHighestTargetWhenAnAbsentCounterIsAdvancedConcurrently"};

  /** Set only while a proof runs the broken stores' contracts, so no test runner picks them up. */
  private static volatile boolean proving;

  static boolean proving() {
    return proving;
  }

  /**
   * The plain mistake, nothing forced: {@code advanceTo} reads the counter, then writes the larger
   * of what it read and the target. Its window is the few nanoseconds between a read and a write of
   * the in-memory counter; the kit's rounds must bring a call into it, every time.
   */
  @Test
  void shouldFailBothAdvanceRacesOnAStoreWhoseAdvanceReadsThenWrites() {
    TestExecutionSummary summary = runContract(ReadThenWriteAdvanceContract.class, ADVANCE_RACES);

    assertThat(summary.getTestsFoundCount()).isEqualTo(2);
    assertThat(summary.getTestsFailedCount()).as("the kit must catch the lost updates").isEqualTo(2);
    assertThat(summary.getFailures()).allSatisfy(f -> assertThat(f.getException())
        .hasMessageContaining("round"));
  }

  /**
   * The same mistake with the thread giving up the processor between read and write, as a network
   * round trip does: the races catch it at once, and a long run keeps only a bounded number of
   * values.
   */
  @Test
  void shouldFailBothAdvanceRacesOnAStoreWhoseAdvanceYieldsBetweenReadAndWrite() {
    TestExecutionSummary summary = runContract(YieldingAdvanceContract.class, ADVANCE_RACES);

    assertThat(summary.getTestsFoundCount()).isEqualTo(2);
    assertThat(summary.getTestsFailedCount()).as("the kit must catch the lost updates").isEqualTo(2);
  }

  @Test
  void shouldFailTheContractOnAStoreThatLosesAnUpdate() {
    TestExecutionSummary summary = runContract(LostUpdateContract.class,
        "shouldHandOutEveryValueExactlyOnceUnderContention",
        "shouldKeepBlocksDisjointUnderContention");

    assertThat(summary.getTestsFoundCount()).isEqualTo(2);
    assertThat(summary.getTestsFailedCount()).as("the kit must catch the duplicates").isEqualTo(2);
    assertThat(summary.getFailures()).allSatisfy(f -> assertThat(f.getException())
        .hasMessageContaining("duplicate"));
  }

  @Test
  void shouldPassTheSameTestsOnTheRealStore() {
    // The same tests, run the same way, on the store the broken ones wrap: red above is the
    // defect, not the harness.
    assertThat(runContract(CorrectStoreContract.class,
        ADVANCE_RACES[0], ADVANCE_RACES[1],
        "shouldHandOutEveryValueExactlyOnceUnderContention",
        "shouldKeepBlocksDisjointUnderContention")
        .getTestsSucceededCount()).isEqualTo(4);
  }

  @Test
  void shouldDetectDuplicatesFromANonAtomicCounter() {
    // Both threads read before either writes back: both hand out 1.
    AtomicLong counter = new AtomicLong();
    CyclicBarrier bothRead = new CyclicBarrier(2);
    ConcurrentAllocationCheck.Result r = ConcurrentAllocationCheck.run(2, 1, () -> {
      long read = counter.get();
      await(bothRead);
      counter.set(read + 1);
      return read + 1;
    });
    assertThat(r.duplicates()).containsExactly(1L);
  }

  @Test
  void shouldDetectGaps() {
    AtomicLong counter = new AtomicLong();
    ConcurrentAllocationCheck.Result r =
        ConcurrentAllocationCheck.run(2, 100, () -> counter.addAndGet(2));
    assertThat(r.gaps()).isNotEmpty().startsWith(1L);
  }

  private static TestExecutionSummary runContract(Class<?> contract, String... methods) {
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    for (String method : methods) {
      request.selectors(selectMethod(contract, method));
    }
    // The kit's concurrent tests are all plain @Test methods: no configuration parameters needed.
    LauncherDiscoveryRequest discovery = request.build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    proving = true;
    try {
      launcher.execute(discovery, listener);
    } finally {
      proving = false;
    }
    return listener.getSummary();
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  @EnabledIf("io.github.customerid.memory.ContractCatchesBrokenStoreTest#proving")
  static class CorrectStoreContract extends SequenceStoreContract {
    @Override
    protected SequenceStore createStore() {
      return new InMemorySequenceStore();
    }
  }

  @EnabledIf("io.github.customerid.memory.ContractCatchesBrokenStoreTest#proving")
  static class ReadThenWriteAdvanceContract extends SequenceStoreContract {
    @Override
    protected SequenceStore createStore() {
      return new ReadThenWriteAdvanceStore(new InMemorySequenceStore(), () -> { });
    }
  }

  @EnabledIf("io.github.customerid.memory.ContractCatchesBrokenStoreTest#proving")
  static class YieldingAdvanceContract extends SequenceStoreContract {
    @Override
    protected SequenceStore createStore() {
      return new ReadThenWriteAdvanceStore(new InMemorySequenceStore(), Thread::yield);
    }
  }

  @EnabledIf("io.github.customerid.memory.ContractCatchesBrokenStoreTest#proving")
  static class LostUpdateContract extends SequenceStoreContract {
    @Override
    protected SequenceStore createStore() {
      return new LostUpdateStore(new InMemorySequenceStore());
    }
  }

  /**
   * The mistake of every hand-written counter, made to happen once for sure: the first two {@code
   * allocate} calls both read the counter before either writes it back (a barrier), so both return
   * the same block end; every other call waits until they are done and then allocates atomically.
   */
  static final class LostUpdateStore extends ForwardingSequenceStore {
    private final AtomicLong calls = new AtomicLong();
    private final CyclicBarrier bothRead = new CyclicBarrier(2);
    private final CountDownLatch racersDone = new CountDownLatch(2);

    LostUpdateStore(SequenceStore delegate) {
      super(delegate);
    }

    @Override
    public long allocate(String sequence, long count) {
      if (calls.incrementAndGet() > 2) {
        try {
          if (!racersDone.await(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the two racing allocations never finished");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        return super.allocate(sequence, count);
      }
      try {
        long read = current(sequence).orElse(0);
        await(bothRead);
        resetAllowingDuplicates(sequence, read + count);
        return read + count;
      } finally {
        racersDone.countDown();
      }
    }
  }

  /**
   * The mistake of a hand-written "move forward" on a database without an atomic max: {@code
   * advanceTo} reads the counter, runs {@code between}, then writes back the larger of what it read
   * and the target, moving the counter back over anything allocated meanwhile.
   */
  static final class ReadThenWriteAdvanceStore extends ForwardingSequenceStore {
    private final Runnable between;

    ReadThenWriteAdvanceStore(SequenceStore delegate, Runnable between) {
      super(delegate);
      this.between = between;
    }

    @Override
    public long advanceTo(String sequence, long lastValue) {
      long read = current(sequence).orElse(0);
      between.run();
      long written = Math.max(read, lastValue);
      resetAllowingDuplicates(sequence, written);
      return written;
    }
  }
}
