package io.github.customerid.core;

import io.github.customerid.core.listener.DiscardReason;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.core.spi.StoreArguments;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Hands out IDs such as {@code PL1}, {@code PL2}, … from one durable counter of a {@link
 * SequenceStore}. This is the façade a service uses.
 *
 * <pre>{@code
 * IdAllocator ids = IdAllocator.builder(store).build();   // sequence "customerId", format PL
 * String id = ids.next();                                  // "PL24"
 * }</pre>
 *
 * <p><b>Guarantees.</b> No number is ever handed out twice, from any number of threads, allocators and
 * processes sharing the counter, as long as nobody calls {@link #resetAllowingDuplicates}. Ordering,
 * gaps and restart behaviour depend on the {@link AllocationMode}; see there.
 *
 * <p><b>Failures.</b> A failed store call surfaces as a {@link StoreException} (the driver's exception
 * is its cause). The numbers it may have consumed are never handed out: retrying is safe and at worst
 * leaves a gap.
 *
 * <p>Thread-safe. A strict allocator holds no resources; a block allocator should be {@linkplain
 * #close() closed} when the application stops, so that its unused numbers go back to the store and its
 * prefetch thread ends.
 *
 * <p>One file, though long: about half of it is this public API's Javadoc, and the code is a thin
 * façade over the store (strict mode) and the package's block source, with nothing to split out.
 */
public final class IdAllocator implements AutoCloseable {

  /** The sequence name the original system uses for its counter document. */
  public static final String DEFAULT_SEQUENCE = "customerId";

  private final String sequence;
  private final IdFormat format;
  private final AllocationMode mode;
  private final int blockSize;
  private final BlockSource blocks;
  private final SequenceListener listener;
  /** The store calls, timed and reported to the listener. */
  private final StoreCalls calls;

  private IdAllocator(Builder b) {
    this.sequence = b.sequence;
    this.format = b.format;
    this.mode = b.mode;
    this.blockSize = b.blockSize;
    this.listener = SequenceListener.guard(b.listener);
    this.calls = new StoreCalls(b.store, sequence, listener, b.sampler);
    this.blocks = mode == AllocationMode.BLOCK
        ? new BlockSource(b.store, sequence, listener, blockSize, b.maxBlockSize(),
            b.blockLifetime.toNanos(), b.blocksAhead, b.prefetchPercent, b.prefetchExecutor, b.clock)
        : null;
  }

  /**
   * Starts a builder for an allocator over {@code store}.
   *
   * @param store the durable counter store
   * @return a builder with the defaults: sequence {@value #DEFAULT_SEQUENCE}, {@link
   *     IdFormat#defaultFormat()}, {@link AllocationMode#STRICT}
   * @throws NullPointerException if {@code store} is null
   */
  public static Builder builder(SequenceStore store) {
    return new Builder(store);
  }

  /**
   * Returns the next ID.
   *
   * @return the formatted ID, for example {@code PL24}
   * @throws StoreException if the store failed (nothing was handed out)
   * @throws CounterExhaustedException if the counter reached {@link Long#MAX_VALUE}
   */
  public String next() {
    return format.format(nextValue());
  }

  /**
   * Returns the next number, unformatted.
   *
   * @return the number, at least 1
   * @throws StoreException if the store failed (nothing was handed out)
   * @throws CounterExhaustedException if the counter reached {@link Long#MAX_VALUE}
   */
  public long nextValue() {
    if (blocks == null) {
      return calls.allocateForCaller(1); // reports the allocation and the store call in one event
    }
    long value = blocks.next();
    listener.onAllocation(sequence, mode, 1);
    return value;
  }

  /**
   * Returns {@code count} new IDs at once. In strict mode they are contiguous and cost one store round
   * trip; in block mode they are drawn from the local blocks and are unique but not necessarily
   * contiguous.
   *
   * <p>All or nothing: if it throws, no ID is handed out. In block mode the numbers already drawn from
   * the local blocks when a block fetch fails are lost (a gap), and reported to the listener's {@link
   * SequenceListener#onDiscarded onDiscarded} with {@link DiscardReason#FAILURE}.
   *
   * @param count how many IDs, at least 1
   * @return an unmodifiable list of {@code count} distinct IDs in increasing order
   * @throws IllegalArgumentException if {@code count < 1}
   * @throws StoreException if the store failed
   * @throws CounterExhaustedException if the counter would pass {@link Long#MAX_VALUE}
   */
  public List<String> next(int count) {
    StoreArguments.checkCount(count);
    List<String> ids = new ArrayList<>(count);
    if (blocks != null) {
      long drawn = 0;
      try {
        for (int i = 0; i < count; i++) {
          long value = blocks.next();
          drawn++;
          ids.add(format.format(value));
        }
      } catch (RuntimeException | Error e) {
        // Each drawn number was taken from a block for good: never handed out, never drawn again.
        if (drawn > 0) {
          listener.onDiscarded(sequence, drawn, DiscardReason.FAILURE);
        }
        throw e;
      }
      listener.onAllocation(sequence, mode, count);
    } else {
      long first = calls.allocateForCaller(count) - count + 1;
      // Counted, not compared with the end: the end may be Long.MAX_VALUE.
      for (int i = 0; i < count; i++) {
        ids.add(format.format(first + i));
      }
    }
    return Collections.unmodifiableList(ids);
  }

  /**
   * Returns the last ID the store has recorded as issued (in block mode: the end of the last block
   * reserved by anyone).
   *
   * @return the ID, or empty if the counter does not exist or is still at 0
   * @throws StoreException if the store failed
   */
  public Optional<String> current() {
    OptionalLong value = currentValue();
    return value.isPresent() && value.getAsLong() > 0
        ? Optional.of(format.format(value.getAsLong()))
        : Optional.empty();
  }

  /**
   * Returns the store's counter value: the last number issued or reserved.
   *
   * @return the value, or empty if the counter does not exist
   * @throws StoreException if the store failed
   */
  public OptionalLong currentValue() {
    return calls.current();
  }

  /**
   * Initialises the counter so that the next ID is {@code lastIssued + 1}: {@code initialize(23)} makes
   * the next ID {@code PL24}. Creates the counter if it does not exist and moves an existing one
   * forward; calling it again with the same value changes nothing. Atomic: no read-modify-write.
   *
   * @param lastIssued the last number already in use, at least 0
   * @throws IllegalArgumentException if {@code lastIssued < 0}
   * @throws CounterConflictException if the counter is already beyond {@code lastIssued}: moving it back
   *     could issue an ID twice (the counter is unchanged; see {@link #resetAllowingDuplicates})
   * @throws StoreException if the store failed
   */
  public void initialize(long lastIssued) {
    StoreArguments.checkLastValue(lastIssued);
    // One atomic max, which also creates an absent counter: no read-modify-write, one round trip.
    long after = calls.advanceTo(lastIssued);
    if (after > lastIssued) {
      throw new CounterConflictException("refusing to initialise sequence \"" + sequence
          + "\" to " + lastIssued + " (next " + format.format(lastIssued + 1)
          + "): the counter is already at " + after + " ("
          + (after == Long.MAX_VALUE ? "exhausted" : "next " + format.format(after + 1))
          + "), and moving it back could issue an ID twice; the counter is unchanged");
    }
  }

  /**
   * Sets the counter to {@code lastIssued} <b>even if that moves it backwards</b>. Every ID above it
   * that was already issued will be issued again. For operators repairing a counter, never for
   * application code; prefer {@link #initialize}.
   *
   * @param lastIssued the last number to consider issued, at least 0
   * @throws IllegalArgumentException if {@code lastIssued < 0}
   * @throws StoreException if the store failed
   */
  public void resetAllowingDuplicates(long lastIssued) {
    StoreArguments.checkLastValue(lastIssued);
    calls.resetAllowingDuplicates(lastIssued);
  }

  /**
   * Returns the sequence name this allocator draws from.
   *
   * @return the sequence name
   */
  public String sequence() {
    return sequence;
  }

  /**
   * Returns the format of the IDs this allocator hands out.
   *
   * @return the format
   */
  public IdFormat format() {
    return format;
  }

  /**
   * Returns the allocation mode.
   *
   * @return the mode
   */
  public AllocationMode mode() {
    return mode;
  }

  /**
   * Returns how many numbers are left in the current block: what this allocator can still hand out
   * without a store call, not counting prefetched blocks. For a gauge; the value may be stale by the
   * time it is read.
   *
   * @return the numbers left, 0 in strict mode and before the first block
   */
  public long remainingInBlock() {
    return blocks != null ? blocks.remainingInBlock() : 0;
  }

  /**
   * Returns the number of values reserved per store round trip.
   *
   * @return the block size, 1 in strict mode
   */
  public int blockSize() {
    return blockSize;
  }

  /**
   * Closes a block allocator: stops prefetching, and gives the unused numbers of its reserved blocks
   * back to the store with {@link SequenceStore#giveBack}, which succeeds only if nobody has allocated
   * from the counter since this allocator's last block (then the next allocator continues right after
   * the last number handed out). Numbers that cannot be given back stay a gap and are reported to the
   * listener's {@link SequenceListener#onDiscarded onDiscarded} ({@link DiscardReason#CLOSE}). A failed
   * give-back is logged, not thrown; its numbers are reported ({@link DiscardReason#FAILURE}) only if a
   * read of the counter shows the give-back was not applied.
   *
   * <p>Calls to {@code next} after {@code close} still work, with one store round trip per ID as in
   * strict mode. Idempotent; does nothing in strict mode.
   */
  @Override
  public void close() {
    if (blocks != null) {
      blocks.close();
    }
  }

  /**
   * Describes the allocator, for logs.
   *
   * @return sequence, format and mode
   */
  @Override
  public String toString() {
    return "IdAllocator[sequence=" + sequence + ", format=" + format + ", mode=" + mode
        + (blocks != null ? ", blockSize=" + blockSize + ", " + blocks : "") + "]";
  }

  /** Builds an {@link IdAllocator}. Not thread-safe; the allocator is. */
  public static final class Builder {
    private final SequenceStore store;
    private String sequence = DEFAULT_SEQUENCE;
    private IdFormat format = IdFormat.defaultFormat();
    private AllocationMode mode = AllocationMode.STRICT;
    private int blockSize = 1;
    private int maxBlockSize;
    private Duration blockLifetime = Duration.ofSeconds(1);
    private int blocksAhead = 2;
    private int prefetchPercent = 25;
    private Executor prefetchExecutor;
    private LongSupplier clock = System::nanoTime;
    private SequenceListener listener = SequenceListener.NOOP;
    private StoreCalls.Sampler sampler = StoreCalls.Sampler.RANDOM;

    private Builder(SequenceStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Sets the sequence (counter) name; default {@value IdAllocator#DEFAULT_SEQUENCE}.
     *
     * @param sequence a valid name, see {@link StoreArguments#checkSequence}
     * @return this builder
     * @throws NullPointerException if {@code sequence} is null
     * @throws InvalidConfigurationException if the name is invalid
     */
    public Builder sequence(String sequence) {
      this.sequence = StoreArguments.checkSequence(sequence);
      return this;
    }

    /**
     * Sets the ID format; default {@link IdFormat#defaultFormat()} ({@code PL1}, {@code PL2}, …).
     *
     * @param format the format
     * @return this builder
     * @throws NullPointerException if {@code format} is null
     */
    public Builder format(IdFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Selects {@link AllocationMode#STRICT} (the default): one store round trip per ID.
     *
     * @return this builder
     */
    public Builder strict() {
      this.mode = AllocationMode.STRICT;
      this.blockSize = 1;
      return this;
    }

    /**
     * Selects {@link AllocationMode#BLOCK}: reserve {@code blockSize} numbers per store round trip and
     * hand them out locally, with {@link #blocksAhead(int) blocks reserved ahead} in the background.
     * Blocks have exactly this size unless {@link #maxBlockSize(int)} lets them grow.
     *
     * @param blockSize numbers per block (the smallest size if blocks may grow), 1 to 1,000,000
     * @return this builder
     * @throws InvalidConfigurationException if {@code blockSize} is out of range
     */
    public Builder blocks(int blockSize) {
      if (blockSize < 1 || blockSize > 1_000_000) {
        throw new InvalidConfigurationException(
            "block size must be between 1 and 1000000, was " + blockSize);
      }
      this.mode = AllocationMode.BLOCK;
      this.blockSize = blockSize;
      return this;
    }

    /**
     * Lets blocks grow with demand, up to {@code maxBlockSize} numbers (block mode only; default: the
     * {@linkplain #blocks(int) block size}, so blocks do not grow). When a block lasted less than the
     * {@linkplain #blockLifetime(Duration) block lifetime}, the next blocks are as many times larger as
     * it was too short (at least 2, at most 16 times); when a caller had to wait for a block, twice as
     * large; when one lasted more than twice the lifetime, half as large, never below the block size. The maximum bounds the gap a crash can leave: see {@link #close()}.
     *
     * @param maxBlockSize the largest block, 1 to 100,000,000, at least the block size
     * @return this builder
     * @throws InvalidConfigurationException if out of range (checked against the block size by {@link
     *     #build()})
     */
    public Builder maxBlockSize(int maxBlockSize) {
      if (maxBlockSize < 1 || maxBlockSize > 100_000_000) {
        throw new InvalidConfigurationException(
            "maximum block size must be between 1 and 100000000, was " + maxBlockSize);
      }
      this.maxBlockSize = maxBlockSize;
      return this;
    }

    /**
     * Sets how long a block should last when blocks {@linkplain #maxBlockSize(int) may grow}; default 1
     * second. Shorter lifetimes keep blocks, and so gaps, smaller; longer ones mean fewer store calls.
     *
     * @param lifetime at least 1 millisecond, at most 1 day
     * @return this builder
     * @throws NullPointerException if {@code lifetime} is null
     * @throws InvalidConfigurationException if out of range
     */
    public Builder blockLifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime");
      if (lifetime.compareTo(Duration.ofMillis(1)) < 0 || lifetime.compareTo(Duration.ofDays(1)) > 0) {
        throw new InvalidConfigurationException(
            "block lifetime must be between 1 ms and 1 day, was " + lifetime);
      }
      this.blockLifetime = lifetime;
      return this;
    }

    /**
     * Sets how many blocks are kept reserved behind the current one in block mode; default 2. One of
     * them is fetched once the {@linkplain #prefetchPercent(int) prefetch point} of the current block
     * is passed, the others as soon as a block is installed. More blocks ahead absorb longer store
     * hiccups and bursts, at the price of a larger gap after a crash.
     *
     * @param blocks 1 to 16
     * @return this builder
     * @throws InvalidConfigurationException if out of range
     */
    public Builder blocksAhead(int blocks) {
      if (blocks < 1 || blocks > 16) {
        throw new InvalidConfigurationException(
            "blocks ahead must be between 1 and 16, was " + blocks);
      }
      this.blocksAhead = blocks;
      return this;
    }

    /**
     * Sets the prefetch point in block mode: once no more than this percentage of the current block is
     * left, the chain is topped up to {@linkplain #blocksAhead(int) its full length} (default 25). 0
     * disables prefetch: the thread that finds the block empty fetches the next one while the others
     * wait, and nothing is reserved ahead.
     *
     * @param percent 0 to 100
     * @return this builder
     * @throws InvalidConfigurationException if out of range
     */
    public Builder prefetchPercent(int percent) {
      if (percent < 0 || percent > 100) {
        throw new InvalidConfigurationException(
            "prefetch percentage must be between 0 and 100, was " + percent);
      }
      this.prefetchPercent = percent;
      return this;
    }

    /**
     * Sets the executor that fetches blocks ahead of need in block mode. By default each allocator
     * has one reused daemon thread named {@code customer-id-prefetch-<sequence>}, which ends after 30
     * seconds without work and when the allocator is closed.
     *
     * <p>Any executor is safe: one that queues the task behind the callers (even the callers' own
     * bounded pool), drops it silently, rejects it or throws an {@link Error} cannot hang a caller. A
     * caller that finds no block ready fetches one itself; it waits only for a prefetch that is
     * already running, and for at most one second.
     *
     * @param executor the executor; it is not shut down by {@link #close()}
     * @return this builder
     * @throws NullPointerException if {@code executor} is null
     */
    public Builder prefetchExecutor(Executor executor) {
      this.prefetchExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** For tests: the time source of block lifetimes. */
    Builder clock(LongSupplier clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the listener that receives this allocator's events (allocations, store calls, block
     * refills, discarded numbers); default {@link SequenceListener#NOOP}. An exception thrown by the
     * listener is caught and logged, never seen by callers. Every event is reported exactly once;
     * strict allocations are timed only for a sample (see {@link SequenceListener}), so a listener
     * costs a strict {@code next()} one listener call and no clock read most of the time. With the
     * no-op listener nothing is timed or reported.
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(SequenceListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** For tests: which strict allocations are timed (default: one in 64 at random, per thread). */
    Builder timingSampler(StoreCalls.Sampler sampler) {
      this.sampler = Objects.requireNonNull(sampler, "sampler");
      return this;
    }

    private int maxBlockSize() {
      return maxBlockSize == 0 ? blockSize : maxBlockSize;
    }

    /**
     * Builds the allocator. Does not touch the store.
     *
     * @return the allocator
     */
    public IdAllocator build() {
      if (mode == AllocationMode.BLOCK && maxBlockSize() < blockSize) {
        throw new InvalidConfigurationException("maximum block size " + maxBlockSize
            + " is below the block size " + blockSize);
      }
      return new IdAllocator(this);
    }
  }
}
