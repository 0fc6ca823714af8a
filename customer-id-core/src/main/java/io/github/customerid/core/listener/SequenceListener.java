package io.github.customerid.core.listener;

import io.github.customerid.core.AllocationMode;

/**
 * Receives what an {@link io.github.customerid.core.IdAllocator} does: allocations, store calls, block
 * refills, discarded numbers, heals and retries. Register one with {@code
 * IdAllocator.builder(store).listener(listener)}; every method has an empty default, so implement only
 * the events you need.
 *
 * <pre>{@code
 * SequenceListener refills = new SequenceListener() {
 *   public void onBlockRefill(String sequence, long size, long callerWaitNanos) {
 *     if (callerWaitNanos > 0) log.info("{}: a caller waited {} ns for a block", sequence, callerWaitNanos);
 *   }
 * };
 * }</pre>
 *
 * <p><b>Listeners must be cheap and thread-safe.</b> {@link #onAllocation} runs on the caller's thread for
 * every allocation, from many threads at once; the other methods run on the caller's or the prefetch
 * thread. Do not block, do not call back into the allocator.
 *
 * <p><b>A listener never breaks an allocation.</b> An exception thrown by a listener method is caught
 * and logged by the allocator (at WARN the first time, at DEBUG after that); it never reaches the
 * caller, and the allocation it reports has happened. An {@link Error} is not caught.
 *
 * <p>Events never carry objects that were allocated for them: the arguments are the sequence name, enum
 * constants and primitives, so a listener that allocates nothing keeps the hot path allocation-free.
 *
 * <p><b>Which store calls are timed.</b> Reading the clock twice costs more than a whole strict
 * allocation on a fast store, so the allocator times only a sample of its strict {@code ALLOCATE}
 * calls: about one in {@value #TIMING_SAMPLE_RATE}, chosen at random per thread. It always times every
 * other store call (block fetches, {@code ADVANCE_TO}, {@code GIVE_BACK}, {@code RESET}, {@code
 * READ}), and, once a strict call has failed, every strict call until one succeeds again. A call that
 * was not timed is still reported, exactly once, with the duration {@link #UNTIMED}; counts are
 * therefore exact, and the durations of the timed calls are an unbiased sample.
 */
public interface SequenceListener {

  /**
   * The duration reported for a store call that was not timed (see the class description): {@value}.
   * Never a real duration, which is at least 0.
   */
  long UNTIMED = -1;

  /** About one strict {@code ALLOCATE} call in this many is timed: {@value}. */
  int TIMING_SAMPLE_RATE = 64;

  /** The listener that ignores every event; the default. */
  SequenceListener NOOP = new SequenceListener() {
    @Override
    public String toString() {
      return "SequenceListener.NOOP";
    }
  };

  /**
   * Wraps {@code listener} so that an exception thrown by any of its methods is caught and logged (at
   * WARN the first time, at DEBUG after that) instead of reaching the code that reports the event. The
   * allocator does this itself; a store or other component that reports events should too.
   *
   * @param listener the listener to protect
   * @return {@link #NOOP} for {@link #NOOP}, {@code listener} itself if it is already guarded, else a
   *     guarding wrapper
   * @throws NullPointerException if {@code listener} is null
   */
  static SequenceListener guard(SequenceListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    return listener == NOOP || listener instanceof GuardedListener
        ? listener
        : new GuardedListener(listener);
  }

  /**
   * Numbers were handed out to a caller. In strict mode the allocator reports this through {@link
   * #onStrictAllocation}, whose default calls this method.
   *
   * @param sequence the sequence name
   * @param mode the allocator's mode
   * @param count how many numbers this call handed out, at least 1
   */
  default void onAllocation(String sequence, AllocationMode mode, long count) {}

  /**
   * A store call ended. Timed by the allocator around the call, so the duration includes the store's
   * own retries. A successful strict allocation is reported through {@link #onStrictAllocation}
   * instead, whose default calls this method.
   *
   * @param sequence the sequence name
   * @param operation what was called
   * @param outcome whether it returned or threw
   * @param durationNanos how long it took, in nanoseconds, or {@link #UNTIMED} if the call was not
   *     timed
   */
  default void onStoreCall(String sequence, StoreOperation operation, Outcome outcome,
      long durationNanos) {}

  /**
   * A strict allocation succeeded: one successful {@link StoreOperation#ALLOCATE} store call handed
   * {@code count} numbers to the caller. This is the hot-path event of strict mode, one call where
   * the two separate events would cost two; the default reports exactly those two, {@code
   * onStoreCall(sequence, ALLOCATE, SUCCESS, durationNanos)} then {@code onAllocation(sequence,
   * STRICT, count)}, so a listener that implements only those sees every strict allocation. Override
   * it to record both at once (for example one counter from which both counts are derived); then the
   * two methods are not called for it.
   *
   * @param sequence the sequence name
   * @param count how many numbers the call handed out, at least 1
   * @param durationNanos how long the store call took, in nanoseconds, or {@link #UNTIMED} if it was
   *     not timed (most are not: see the class description)
   */
  default void onStrictAllocation(String sequence, long count, long durationNanos) {
    onStoreCall(sequence, StoreOperation.ALLOCATE, Outcome.SUCCESS, durationNanos);
    onAllocation(sequence, AllocationMode.STRICT, count);
  }

  /**
   * A new block was reserved in block mode.
   *
   * @param sequence the sequence name
   * @param size how many numbers the block holds
   * @param callerWaitNanos how long a caller waited for it, in nanoseconds; 0 when it was fetched ahead
   *     of need and nobody waited
   */
  default void onBlockRefill(String sequence, long size, long callerWaitNanos) {}

  /**
   * Reserved numbers were discarded: they will never be handed out, and remain a gap in the sequence.
   * Reported only for numbers known to be lost, never for numbers that may still be handed out; see
   * {@link DiscardReason} for when each reason is reported.
   *
   * @param sequence the sequence name
   * @param count how many numbers, at least 1
   * @param reason why
   */
  default void onDiscarded(String sequence, long count, DiscardReason reason) {}

  /**
   * A counter was moved forward to repair it (self-heal or reconcile), because it was behind the IDs in
   * use.
   *
   * @param sequence the sequence name
   * @param from the counter's value before, or -1 if it was absent
   * @param to the counter's value after
   * @param reason a short human-readable cause, for logs
   */
  default void onHeal(String sequence, long from, long to, String reason) {}

  /**
   * A store retried an operation after a transient failure.
   *
   * @param sequence the sequence name
   * @param operation the operation retried
   * @param cause the failure that caused the retry
   */
  default void onRetry(String sequence, StoreOperation operation, Throwable cause) {}
}
