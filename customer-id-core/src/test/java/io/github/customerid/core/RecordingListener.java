package io.github.customerid.core;

import io.github.customerid.core.listener.DiscardReason;
import io.github.customerid.core.listener.Outcome;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.listener.StoreOperation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Records the events of a listener, as counts and as readable lines. */
final class RecordingListener implements SequenceListener {

  final AtomicLong allocated = new AtomicLong();
  final AtomicLong allocationEvents = new AtomicLong();
  final List<String> storeCalls = new CopyOnWriteArrayList<>();
  final List<Long> refillSizes = new CopyOnWriteArrayList<>();
  final List<Long> refillWaits = new CopyOnWriteArrayList<>();
  final List<String> discarded = new CopyOnWriteArrayList<>();
  final AtomicLong discardedCount = new AtomicLong();
  /** The longest duration or wait reported, to compare with what the test measured around it. */
  final AtomicLong longestNanos = new AtomicLong();
  /** The durations of the store calls, in order, {@link SequenceListener#UNTIMED} included. */
  final List<Long> durations = new CopyOnWriteArrayList<>();

  @Override
  public void onAllocation(String sequence, AllocationMode mode, long count) {
    allocationEvents.incrementAndGet();
    allocated.addAndGet(count);
  }

  @Override
  public void onStoreCall(String sequence, StoreOperation operation, Outcome outcome,
      long durationNanos) {
    if (durationNanos < 0 && durationNanos != UNTIMED) {
      throw new AssertionError("negative duration " + durationNanos);
    }
    storeCalls.add(operation + " " + outcome);
    durations.add(durationNanos);
    longestNanos.accumulateAndGet(durationNanos, Math::max);
  }

  @Override
  public void onBlockRefill(String sequence, long size, long callerWaitNanos) {
    refillSizes.add(size);
    refillWaits.add(callerWaitNanos);
    longestNanos.accumulateAndGet(callerWaitNanos, Math::max);
  }

  @Override
  public void onDiscarded(String sequence, long count, DiscardReason reason) {
    discarded.add(count + " " + reason);
    discardedCount.addAndGet(count);
  }

  long untimed() {
    return durations.stream().filter(d -> d == UNTIMED).count();
  }

  long storeCalls(String line) {
    return storeCalls.stream().filter(line::equals).count();
  }
}
