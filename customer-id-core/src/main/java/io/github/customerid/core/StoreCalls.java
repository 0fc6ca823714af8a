package io.github.customerid.core;

import io.github.customerid.core.listener.Outcome;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.listener.StoreOperation;
import io.github.customerid.core.spi.SequenceStore;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The store calls of one allocator, reported to its listener: the one place that times a call and
 * reports its outcome, shared by {@link IdAllocator} (strict mode, initialise, reset, read) and {@link
 * BlockSource} (block fetches, give-back).
 *
 * <p>With the no-op listener nothing is timed or reported. Otherwise every call is timed except the
 * strict allocations, of which a {@linkplain Sampler sample} is (see {@link SequenceListener} for the
 * contract); the others report {@link SequenceListener#UNTIMED}.
 */
final class StoreCalls {

  /** Decides, before a strict allocation, whether to time it. Must not write shared state. */
  @FunctionalInterface
  interface Sampler {
    /** About one call in {@link SequenceListener#TIMING_SAMPLE_RATE}, per thread, at random. */
    Sampler RANDOM = () ->
        ThreadLocalRandom.current().nextInt(SequenceListener.TIMING_SAMPLE_RATE) == 0;

    /**
     * Returns whether to time the call about to be made.
     *
     * @return true to time it
     */
    boolean timeThisCall();
  }

  private final SequenceStore store;
  private final String sequence;
  private final SequenceListener listener;
  /** False for the no-op listener: then nothing is timed or reported. */
  private final boolean listening;
  private final Sampler sampler;
  /**
   * True after a strict allocation failed, until one succeeds: then every strict allocation is timed,
   * so that the durations of an outage are all measured. Written only on a change, so the hot path
   * only reads it.
   */
  private volatile boolean failing;

  /** {@code listener} is the guarded listener, or {@link SequenceListener#NOOP}. */
  StoreCalls(SequenceStore store, String sequence, SequenceListener listener, Sampler sampler) {
    this.store = store;
    this.sequence = sequence;
    this.listener = listener;
    this.listening = listener != SequenceListener.NOOP;
    this.sampler = sampler;
  }

  /**
   * A strict allocation of {@code count} numbers for the caller, reported as {@link
   * SequenceListener#onStrictAllocation} (no separate allocation event follows) or, if it fails, as a
   * failed {@code ALLOCATE} call. Timed only when sampled, or while strict allocations fail.
   */
  long allocateForCaller(long count) {
    // One call site of the store, shared with the no-op listener, and the reports out of line: the
    // compiled caller stays small enough for the JIT to inline into every next().
    boolean timed = listening && (failing || sampler.timeThisCall());
    long start = timed ? System.nanoTime() : 0;
    long end;
    try {
      end = store.allocate(sequence, count);
    } catch (RuntimeException | Error e) {
      if (listening) {
        strictAllocationFailed(timed ? System.nanoTime() - start : SequenceListener.UNTIMED);
      }
      throw e;
    }
    if (timed) {
      timedStrictAllocation(count, System.nanoTime() - start);
    } else if (listening) {
      listener.onStrictAllocation(sequence, count, SequenceListener.UNTIMED);
    }
    return end;
  }

  private void timedStrictAllocation(long count, long durationNanos) {
    if (failing) {
      failing = false; // written only on a change: steady state only reads the flag
    }
    listener.onStrictAllocation(sequence, count, durationNanos);
  }

  private void strictAllocationFailed(long durationNanos) {
    failing = true;
    listener.onStoreCall(sequence, StoreOperation.ALLOCATE, Outcome.FAILURE, durationNanos);
  }

  /** A block fetch (or a single allocation after close): always timed, reported as a store call. */
  long allocate(long count) {
    return timed(StoreOperation.ALLOCATE, () -> store.allocate(sequence, count));
  }

  OptionalLong current() {
    // Counter values are at least 0: -1 stands for an absent counter.
    long value = timed(StoreOperation.READ, () -> store.current(sequence).orElse(-1));
    return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
  }

  long advanceTo(long lastIssued) {
    return timed(StoreOperation.ADVANCE_TO, () -> store.advanceTo(sequence, lastIssued));
  }

  void resetAllowingDuplicates(long lastIssued) {
    timed(StoreOperation.RESET, () -> {
      store.resetAllowingDuplicates(sequence, lastIssued);
      return 0;
    });
  }

  boolean giveBack(long blockEnd, long lastUsed) {
    return timed(StoreOperation.GIVE_BACK,
        () -> store.giveBack(sequence, blockEnd, lastUsed) ? 1 : 0) == 1;
  }

  /** Runs a rare store call (not on the hot path), timed and reported when there is a listener. */
  private long timed(StoreOperation operation, LongSupplier call) {
    if (!listening) {
      return call.getAsLong();
    }
    long start = System.nanoTime();
    Outcome outcome = Outcome.FAILURE;
    try {
      long result = call.getAsLong();
      outcome = Outcome.SUCCESS;
      return result;
    } finally {
      listener.onStoreCall(sequence, operation, outcome, System.nanoTime() - start);
    }
  }
}
