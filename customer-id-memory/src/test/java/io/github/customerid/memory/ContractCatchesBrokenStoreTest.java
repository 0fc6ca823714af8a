package io.github.customerid.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.testkit.ConcurrentAllocationCheck;
import io.github.customerid.testkit.ForwardingSequenceStore;
import io.github.customerid.testkit.SequenceStoreContract;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Proves that the contract kit can fail: each broken store below is run through the kit's own test
 * for its defect and must turn it red, every time. The broken stores force the harmful interleaving
 * with latches and barriers, so the proof does not depend on the scheduler's luck.
 */
class ContractCatchesBrokenStoreTest {

  /** Set only while a proof runs the broken stores' contracts, so no test runner picks them up. */
  private static volatile boolean proving;

  static boolean proving() {
    return proving;
  }

  @Test
  void shouldFailTheContractOnAStoreWhoseAdvanceReadsThenWrites() {
    TestExecutionSummary summary = runContract(ReadThenWriteAdvanceContract.class,
        "shouldNeverMoveBackwardsWhileAdvancingAndAllocatingConcurrently");

    assertThat(summary.getTestsFoundCount()).isEqualTo(1);
    assertThat(summary.getTestsFailedCount()).as("the kit must catch the duplicates").isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException())
        .hasMessageContaining("values allocated while the counter was advanced")
        .hasMessageContaining("duplicate");
  }

  @Test
  void shouldFailTheContractOnAStoreWhereTheLastAdvanceWins() {
    TestExecutionSummary summary = runContract(LastWriterWinsContract.class,
        "shouldEndAtTheHighestTargetWhenAnAbsentCounterIsAdvancedConcurrently");

    assertThat(summary.getTestsFoundCount()).isEqualTo(1);
    assertThat(summary.getTestsFailedCount()).as("the kit must see who won").isEqualTo(1);
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
        "shouldNeverMoveBackwardsWhileAdvancingAndAllocatingConcurrently",
        "shouldEndAtTheHighestTargetWhenAnAbsentCounterIsAdvancedConcurrently",
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
      return new ReadThenWriteAdvanceStore(new InMemorySequenceStore());
    }
  }

  @EnabledIf("io.github.customerid.memory.ContractCatchesBrokenStoreTest#proving")
  static class LastWriterWinsContract extends SequenceStoreContract {
    @Override
    protected SequenceStore createStore() {
      return new LastWriterWinsStore(new InMemorySequenceStore(), threads());
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
   * advanceTo} reads the counter, then writes back the larger of what it read and the target. Between
   * the read and the write it waits until an allocation that started after the read has finished, so
   * every advance really overwrites a value handed out meanwhile.
   */
  static final class ReadThenWriteAdvanceStore extends ForwardingSequenceStore {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition allocated = lock.newCondition();
    private final AtomicLong started = new AtomicLong();
    private long highestFinished;

    ReadThenWriteAdvanceStore(SequenceStore delegate) {
      super(delegate);
    }

    @Override
    public long allocate(String sequence, long count) {
      long ticket = started.incrementAndGet();
      long end = super.allocate(sequence, count);
      lock.lock();
      try {
        highestFinished = Math.max(highestFinished, ticket);
        allocated.signalAll();
      } finally {
        lock.unlock();
      }
      return end;
    }

    @Override
    public long advanceTo(String sequence, long lastValue) {
      long read = current(sequence).orElse(0);
      long after = started.get();
      lock.lock();
      try {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (highestFinished <= after) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new IllegalStateException("no allocation overlapped the advance");
          }
          allocated.awaitNanos(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        lock.unlock();
      }
      long written = Math.max(read, lastValue);
      resetAllowingDuplicates(sequence, written);
      return written;
    }
  }

  /**
   * {@code advanceTo} as read-then-write with the worst order of writes: every racer reads before any
   * writes (a barrier), then they write from the highest target down, so the lowest target wins.
   */
  static final class LastWriterWinsStore extends ForwardingSequenceStore {
    private final CyclicBarrier allRead;
    private final List<Long> targets = new ArrayList<>();
    private int written;

    LastWriterWinsStore(SequenceStore delegate, int racers) {
      super(delegate);
      this.allRead = new CyclicBarrier(racers);
    }

    @Override
    public long advanceTo(String sequence, long lastValue) {
      long read = current(sequence).orElse(0);
      synchronized (this) {
        targets.add(lastValue);
      }
      await(allRead);
      synchronized (this) {
        targets.sort(Comparator.reverseOrder());
        int turn = targets.indexOf(lastValue);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        try {
          while (written < turn) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              throw new IllegalStateException("turn " + turn + " never came");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        long value = Math.max(read, lastValue);
        resetAllowingDuplicates(sequence, value);
        written++;
        notifyAll();
        return value;
      }
    }
  }
}
