package io.github.customerid.benchmarks;

import io.github.customerid.core.listener.SequenceListener;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Counts the block refills a caller had to wait for (the allocator's {@link
 * SequenceListener#onBlockRefill} with a non-zero wait), and reports them per iteration as JMH's
 * secondary result {@code callerWaits}: a wait is a store round trip that the prefetch did not hide.
 * A benchmark method takes this state as a parameter; its allocator gets {@link #LISTENER}.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CallerWaits {

  private static final AtomicLong WAITS = new AtomicLong();
  private static final AtomicLong WAIT_NANOS = new AtomicLong();

  /** The listener that counts; one JVM (fork) runs one allocator at a time. */
  static final SequenceListener LISTENER = new SequenceListener() {
    @Override
    public void onBlockRefill(String sequence, long size, long callerWaitNanos) {
      if (callerWaitNanos > 0) {
        WAITS.incrementAndGet();
        WAIT_NANOS.addAndGet(callerWaitNanos);
      }
    }
  };

  private boolean reporter;
  private long waitsAtStart;
  private long nanosAtStart;

  /**
   * Remembers the counts at the start of an iteration; only thread 0 reports, so that the sum over
   * threads is the allocator's count.
   *
   * @param threads JMH's thread parameters
   */
  @Setup(Level.Iteration)
  public void start(ThreadParams threads) {
    reporter = threads.getThreadIndex() == 0;
    waitsAtStart = WAITS.get();
    nanosAtStart = WAIT_NANOS.get();
  }

  /**
   * Refills a caller waited for during this iteration.
   *
   * @return the count (thread 0), or 0 (other threads)
   */
  public long callerWaits() {
    return reporter ? WAITS.get() - waitsAtStart : 0;
  }

  /**
   * Microseconds callers spent waiting for blocks during this iteration.
   *
   * @return the sum (thread 0), or 0 (other threads)
   */
  public long callerWaitMicros() {
    return reporter ? (WAIT_NANOS.get() - nanosAtStart) / 1000 : 0;
  }
}
