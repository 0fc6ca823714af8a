package io.github.customerid.core.listener;

import io.github.customerid.core.AllocationMode;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forwards every event and catches what the listener throws; see {@link SequenceListener#guard}. */
final class GuardedListener implements SequenceListener {

  private static final Logger log = LoggerFactory.getLogger(GuardedListener.class);

  private final SequenceListener delegate;
  private final AtomicBoolean warned = new AtomicBoolean();

  /**
   * Whether the delegate overrides {@link SequenceListener#onStrictAllocation}. If not, its two
   * events are forwarded separately, each guarded, so that one throwing does not lose the other.
   */
  private final boolean combinesStrictAllocations;

  GuardedListener(SequenceListener delegate) {
    this.delegate = delegate;
    this.combinesStrictAllocations = overridesStrictAllocation(delegate.getClass());
  }

  private static boolean overridesStrictAllocation(Class<?> type) {
    try {
      return type.getMethod("onStrictAllocation", String.class, long.class, long.class)
          .getDeclaringClass() != SequenceListener.class;
    } catch (NoSuchMethodException e) {
      throw new AssertionError("SequenceListener declares onStrictAllocation", e);
    }
  }

  @Override
  public void onAllocation(String sequence, AllocationMode mode, long count) {
    try {
      delegate.onAllocation(sequence, mode, count);
    } catch (RuntimeException e) {
      failed("onAllocation", sequence, e);
    }
  }

  @Override
  public void onStoreCall(String sequence, StoreOperation operation, Outcome outcome,
      long durationNanos) {
    try {
      delegate.onStoreCall(sequence, operation, outcome, durationNanos);
    } catch (RuntimeException e) {
      failed("onStoreCall", sequence, e);
    }
  }

  @Override
  public void onStrictAllocation(String sequence, long count, long durationNanos) {
    if (!combinesStrictAllocations) {
      onStoreCall(sequence, StoreOperation.ALLOCATE, Outcome.SUCCESS, durationNanos);
      onAllocation(sequence, AllocationMode.STRICT, count);
      return;
    }
    try {
      delegate.onStrictAllocation(sequence, count, durationNanos);
    } catch (RuntimeException e) {
      failed("onStrictAllocation", sequence, e);
    }
  }

  @Override
  public void onBlockRefill(String sequence, long size, long callerWaitNanos) {
    try {
      delegate.onBlockRefill(sequence, size, callerWaitNanos);
    } catch (RuntimeException e) {
      failed("onBlockRefill", sequence, e);
    }
  }

  @Override
  public void onDiscarded(String sequence, long count, DiscardReason reason) {
    try {
      delegate.onDiscarded(sequence, count, reason);
    } catch (RuntimeException e) {
      failed("onDiscarded", sequence, e);
    }
  }

  @Override
  public void onHeal(String sequence, long from, long to, String reason) {
    try {
      delegate.onHeal(sequence, from, to, reason);
    } catch (RuntimeException e) {
      failed("onHeal", sequence, e);
    }
  }

  @Override
  public void onRetry(String sequence, StoreOperation operation, Throwable cause) {
    try {
      delegate.onRetry(sequence, operation, cause);
    } catch (RuntimeException e) {
      failed("onRetry", sequence, e);
    }
  }

  private void failed(String event, String sequence, RuntimeException e) {
    // The first failure is worth a warning; a listener that fails on every allocation must not flood
    // the log, so the rest go to DEBUG.
    if (warned.compareAndSet(false, true)) {
      log.warn("Sequence \"{}\": listener {} threw from {}; ignored (further failures are logged at"
          + " DEBUG)", sequence, delegate, event, e);
    } else if (log.isDebugEnabled()) {
      log.debug("Sequence \"{}\": listener {} threw from {}; ignored", sequence, delegate, event, e);
    }
  }

  @Override
  public String toString() {
    return "guarded " + delegate;
  }
}
