package io.github.customerid.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.customerid.core.AllocationMode;
import io.github.customerid.core.listener.DiscardReason;
import io.github.customerid.core.listener.Outcome;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.listener.StoreOperation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The hot-path events allocate nothing once the meters of a sequence exist. Measured with the JVM's
 * per-thread allocation counter (HotSpot's {@code com.sun.management.ThreadMXBean}), not with time.
 */
class HotPathAllocationTest {

  private static final int EVENTS = 100_000;
  private static final RuntimeException RETRY_CAUSE = new IllegalStateException("transient");

  @Test
  void noEventAllocatesOnceTheMetersExist() {
    com.sun.management.ThreadMXBean threads = threadMxBean();
    long thread = Thread.currentThread().getId();
    MicrometerSequenceListener metrics = new MicrometerSequenceListener(new SimpleMeterRegistry());
    // Both sequences are distinct instances of equal strings, as when two allocators name one sequence.
    String sequence = new String("customerId");
    String sameSequence = new String("customerId");
    for (int i = 0; i < 2 * EVENTS; i++) { // registers the meters, lets the JIT compile the loop
      fire(metrics, (i & 1) == 0 ? sequence : sameSequence, i);
    }

    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < EVENTS; i++) {
      fire(metrics, (i & 1) == 0 ? sequence : sameSequence, i);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    // One allocated object per event would be at least 16 bytes each, 1.6 MB in all; the slack covers
    // the measurement's own bookkeeping.
    assertThat(allocated).as("bytes allocated by %d events", EVENTS).isLessThan(1_024);
    metrics.close();
  }

  private static void fire(MicrometerSequenceListener metrics, String sequence, int i) {
    metrics.onAllocation(sequence, AllocationMode.STRICT, 1);
    metrics.onStoreCall(sequence, StoreOperation.ALLOCATE, Outcome.SUCCESS, 1_000 + (i & 1023));
    metrics.onStrictAllocation(sequence, 1, (i & 63) == 0 ? i : SequenceListener.UNTIMED);
    metrics.onStoreCall(sequence, StoreOperation.ALLOCATE, Outcome.FAILURE, SequenceListener.UNTIMED);
    metrics.onAllocation(sequence, AllocationMode.BLOCK, 1);
    if ((i & 127) == 0) { // the rarer events, once the meters exist, allocate nothing either
      metrics.onBlockRefill(sequence, 128, i & 1);
      metrics.onDiscarded(sequence, 3, DiscardReason.FAILURE);
      metrics.onHeal(sequence, i, i + 10, "test");
      metrics.onRetry(sequence, StoreOperation.ALLOCATE, RETRY_CAUSE);
    }
  }

  private static com.sun.management.ThreadMXBean threadMxBean() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
        "this JVM cannot count the bytes a thread allocates");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported(),
        "this JVM cannot count the bytes a thread allocates");
    threads.setThreadAllocatedMemoryEnabled(true);
    return threads;
  }
}
