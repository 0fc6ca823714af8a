package io.github.customerid.micrometer;

import io.github.customerid.core.AllocationMode;
import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.listener.DiscardReason;
import io.github.customerid.core.listener.Outcome;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.listener.StoreOperation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what {@link IdAllocator}s do as Micrometer meters. Pass it to the allocator's builder, and
 * hand the built allocator to {@link #monitor} for the block gauge:
 *
 * <pre>{@code
 * MicrometerSequenceListener metrics = new MicrometerSequenceListener(meterRegistry);
 * IdAllocator ids = IdAllocator.builder(store).blocks(1000).listener(metrics).build();
 * metrics.monitor(ids);
 * // ... on shutdown: ids.close(); metrics.close();   // close() removes the meters
 * }</pre>
 *
 * <p><b>Meters.</b> Every name starts with {@value #PREFIX}{@code .}; every meter has the tag {@value
 * #TAG_SEQUENCE} (the sequence name), and the tags listed below. Durations are in the registry's base
 * time unit (seconds for most), counts in the base unit shown.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>base unit</th><th>more tags</th><th>what</th></tr>
 *   <tr><td>{@value #ALLOCATIONS}</td><td>function counter</td><td>ids</td><td>{@code mode}</td>
 *       <td>IDs handed out to callers</td></tr>
 *   <tr><td>{@value #STORE_CALLS}</td><td>function counter</td><td>calls</td>
 *       <td>{@code operation}, {@code outcome}</td><td>calls to the store, exact (a call includes the
 *       store's own retries)</td></tr>
 *   <tr><td>{@value #STORE_CALL_DURATION}</td><td>function timer</td><td>seconds</td>
 *       <td>{@code operation}, {@code outcome}</td><td>the timed store calls: count and total time
 *       (the mean is total / count). Every call is timed except strict allocations, of which about
 *       one in {@value SequenceListener#TIMING_SAMPLE_RATE} is (and every one after a failure until a
 *       success), so its count is below {@value #STORE_CALLS}'s for {@code operation=allocate}</td></tr>
 *   <tr><td>{@value #BLOCK_REFILLS}</td><td>counter</td><td>blocks</td><td></td>
 *       <td>blocks reserved (block mode)</td></tr>
 *   <tr><td>{@value #BLOCK_RESERVED}</td><td>counter</td><td>ids</td><td></td>
 *       <td>numbers reserved in those blocks</td></tr>
 *   <tr><td>{@value #BLOCK_WAITS}</td><td>timer</td><td>seconds</td><td></td>
 *       <td>times a caller waited for a block, and how long</td></tr>
 *   <tr><td>{@value #BLOCK_REMAINING}</td><td>gauge</td><td>ids</td><td></td>
 *       <td>numbers left in the current blocks of the {@linkplain #monitor monitored} allocators</td></tr>
 *   <tr><td>{@value #DISCARDED}</td><td>counter</td><td>ids</td><td>{@code reason}</td>
 *       <td>reserved numbers never handed out: gaps</td></tr>
 *   <tr><td>{@value #HEALS}</td><td>counter</td><td>heals</td><td></td>
 *       <td>times the counter was moved forward because it was behind the IDs in use</td></tr>
 *   <tr><td>{@value #HEAL_DISTANCE}</td><td>distribution summary</td><td>ids</td><td></td>
 *       <td>how far each heal moved the counter ({@code to - from})</td></tr>
 *   <tr><td>{@value #RETRIES}</td><td>counter</td><td>retries</td>
 *       <td>{@code operation}</td><td>store retries after a transient failure</td></tr>
 * </table>
 *
 * <p>Tag values are lower case: {@code mode} is {@code strict} or {@code block}; {@code operation} one
 * of {@code allocate}, {@code advance_to}, {@code give_back}, {@code reset}, {@code read}; {@code
 * outcome} {@code success} or {@code failure}; {@code reason} {@code close} or {@code failure}. Every
 * tag but {@code sequence} takes a fixed handful of enum values, so the number of series grows only
 * with the number of sequences, which is configuration, not data. {@code reason} is the one tag beyond
 * {@code sequence}, {@code mode}, {@code operation} and {@code outcome}: it has two values and tells
 * the gaps of a shutdown ({@code close}, expected) from those of a failure ({@code failure}, worth an
 * alert). A retry's cause is deliberately not a tag (exception class names are open-ended); the store
 * logs each retry with its cause at DEBUG.
 *
 * <p><b>Cost.</b> Meters are registered once per sequence (the first event or {@link #monitor}) and
 * cached; an event looks them up by the sequence instance it last saw and by enum ordinals, builds no
 * tags and allocates nothing. The meters on the hot path, {@value #ALLOCATIONS}, {@value
 * #STORE_CALLS} and {@value #STORE_CALL_DURATION}, are function meters over {@link LongAdder}s, read
 * when the registry publishes. A strict {@code next()} is one {@link
 * SequenceListener#onStrictAllocation} event and costs one uncontended {@code LongAdder} add: one
 * successful strict allocation is exactly one successful {@code allocate} store call, so both
 * counters are derived from that one adder (plus, for about one call in {@value
 * SequenceListener#TIMING_SAMPLE_RATE}, the two adds of its duration). A block-mode {@code next()} is
 * one add too; the store calls of block mode are one per block. The price is that store calls have no
 * maximum and no percentiles; the rare events ({@value #BLOCK_WAITS} and the counters) are ordinary
 * meters.
 *
 * <p><b>Lifecycle.</b> Use one listener per registry and share it among all allocators, whatever
 * their sequences: a second listener on the same registry would find the meters already registered
 * under the first one's names. {@link #close()} removes every meter this listener registered from the
 * registry, as Micrometer's binders do; events after that are ignored.
 *
 * <p>Thread-safe. Never throws into the allocator: a registry that refuses a meter is logged once and
 * the event is dropped.
 *
 * <p>One file, though long: every meter's name, tags and lifecycle (registered on first use, removed
 * on close) are kept in step here, and the two nested helpers (one sequence's meters, a store call's
 * statistics) exist only for this listener's event methods.
 */
public final class MicrometerSequenceListener implements SequenceListener, AutoCloseable {

  /** The common prefix of every meter name. */
  public static final String PREFIX = "customerid";
  /** Counter of IDs handed out, tags {@code sequence} and {@code mode}. */
  public static final String ALLOCATIONS = PREFIX + ".allocations";
  /** Counter of store calls, exact, tags {@code sequence}, {@code operation} and {@code outcome}. */
  public static final String STORE_CALLS = PREFIX + ".store.calls";
  /**
   * Timer of the timed store calls (every call except most strict allocations, which are sampled),
   * tags {@code sequence}, {@code operation} and {@code outcome}.
   */
  public static final String STORE_CALL_DURATION = PREFIX + ".store.call.duration";
  /** Counter of blocks reserved, tag {@code sequence}. */
  public static final String BLOCK_REFILLS = PREFIX + ".block.refills";
  /** Counter of numbers reserved in blocks, tag {@code sequence}. */
  public static final String BLOCK_RESERVED = PREFIX + ".block.reserved";
  /** Timer of caller waits for a block, tag {@code sequence}. */
  public static final String BLOCK_WAITS = PREFIX + ".block.waits";
  /** Gauge of numbers left in the current blocks, tag {@code sequence}. */
  public static final String BLOCK_REMAINING = PREFIX + ".block.remaining";
  /** Counter of discarded numbers (gaps), tags {@code sequence} and {@code reason}. */
  public static final String DISCARDED = PREFIX + ".discarded";
  /** Counter of heals, tag {@code sequence}. */
  public static final String HEALS = PREFIX + ".heals";
  /** Distribution summary of how far heals moved the counter, tag {@code sequence}. */
  public static final String HEAL_DISTANCE = PREFIX + ".heal.distance";
  /** Counter of store retries, tags {@code sequence} and {@code operation}. */
  public static final String RETRIES = PREFIX + ".retries";

  /** Tag key: the sequence name. */
  public static final String TAG_SEQUENCE = "sequence";
  /** Tag key: the allocation mode. */
  public static final String TAG_MODE = "mode";
  /** Tag key: the store operation. */
  public static final String TAG_OPERATION = "operation";
  /** Tag key: the outcome of a store call. */
  public static final String TAG_OUTCOME = "outcome";
  /** Tag key: why numbers were discarded. */
  public static final String TAG_REASON = "reason";

  private static final Logger log = LoggerFactory.getLogger(MicrometerSequenceListener.class);

  private static final AllocationMode[] MODES = AllocationMode.values();
  private static final StoreOperation[] OPERATIONS = StoreOperation.values();
  private static final Outcome[] OUTCOMES = Outcome.values();
  private static final DiscardReason[] REASONS = DiscardReason.values();

  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, SequenceMeters> bySequence = new ConcurrentHashMap<>();
  /** Every meter registered, for {@link #close()}; guarded by {@code this}. */
  private final List<Meter> registered = new ArrayList<>();
  /** The meters of the sequence seen last: one reference comparison on the hot path. */
  private volatile SequenceMeters last;
  /** Guarded by {@code this}; read without the lock only to stop early. */
  private volatile boolean closed;
  private volatile boolean refusalLogged;

  /**
   * Creates a listener that registers its meters in {@code registry}, lazily, per sequence.
   *
   * @param registry the registry
   * @throws NullPointerException if {@code registry} is null
   */
  public MicrometerSequenceListener(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /**
   * Registers the meters of {@code allocator}'s sequence and mode now (so that they read 0 rather than
   * being absent until the first event), and the gauge {@value #BLOCK_REMAINING} of the numbers left in
   * its current block. Several allocators of one sequence share the gauge, which adds them up. The
   * allocator is held weakly: monitoring does not keep it alive.
   *
   * @param allocator an allocator built with this listener
   * @return this listener
   * @throws NullPointerException if {@code allocator} is null
   * @throws IllegalStateException if this listener is closed
   */
  public MicrometerSequenceListener monitor(IdAllocator allocator) {
    Objects.requireNonNull(allocator, "allocator");
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("closed: cannot monitor " + allocator);
      }
      SequenceMeters m = metersOf(allocator.sequence());
      if (m == null) {
        throw new IllegalStateException("the registry refused the meters of sequence \""
            + allocator.sequence() + "\"; see the log");
      }
      m.allocations(allocator.mode());
      m.monitor(allocator);
    }
    return this;
  }

  @Override
  public void onAllocation(String sequence, AllocationMode mode, long count) {
    SequenceMeters m = meters(sequence);
    if (m != null) {
      LongAdder a = m.allocations.get(mode.ordinal());
      if (a == null) {
        a = m.allocations(mode);
      }
      if (a != null) {
        a.add(count);
      }
    }
  }

  @Override
  public void onStoreCall(String sequence, StoreOperation operation, Outcome outcome,
      long durationNanos) {
    SequenceMeters m = meters(sequence);
    if (m != null) {
      m.storeCalls[operation.ordinal() * OUTCOMES.length + outcome.ordinal()].record(durationNanos);
    }
  }

  /**
   * Records a successful strict allocation with one {@link LongAdder} add: {@value #ALLOCATIONS}
   * ({@code mode=strict}) and {@value #STORE_CALLS} ({@code operation=allocate, outcome=success}) are
   * both derived from it. A timed call also adds its duration to {@value #STORE_CALL_DURATION}.
   */
  @Override
  public void onStrictAllocation(String sequence, long count, long durationNanos) {
    SequenceMeters m = meters(sequence);
    if (m == null) {
      return;
    }
    if (!m.strictRegistered && m.allocations(AllocationMode.STRICT) == null) {
      return; // closed, or the registry refused the meter
    }
    m.strictCalls.increment();
    if (count != 1) {
      m.strictExtra.add(count - 1);
    }
    if (durationNanos != UNTIMED) {
      m.allocateSuccess.timed(durationNanos);
    }
  }

  @Override
  public void onBlockRefill(String sequence, long size, long callerWaitNanos) {
    SequenceMeters m = meters(sequence);
    if (m != null) {
      m.refills.increment();
      m.reserved.increment(size);
      if (callerWaitNanos > 0) {
        m.waits.record(callerWaitNanos, TimeUnit.NANOSECONDS);
      }
    }
  }

  @Override
  public void onDiscarded(String sequence, long count, DiscardReason reason) {
    SequenceMeters m = meters(sequence);
    if (m != null) {
      m.discarded[reason.ordinal()].increment(count);
    }
  }

  @Override
  public void onHeal(String sequence, long from, long to, String reason) {
    SequenceMeters m = meters(sequence);
    if (m != null) {
      m.heals.increment();
      // from is -1 when the counter was absent: the heal created it at 'to'.
      m.healDistance.record(to - Math.max(0, from));
    }
  }

  @Override
  public void onRetry(String sequence, StoreOperation operation, Throwable cause) {
    SequenceMeters m = meters(sequence);
    if (m != null) {
      m.retries[operation.ordinal()].increment();
    }
  }

  /**
   * Removes every meter this listener registered from the registry and stops recording. Idempotent.
   * Close the allocators first: events that arrive later are ignored.
   */
  @Override
  public void close() {
    List<Meter> toRemove;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      last = null;
      bySequence.clear();
      toRemove = new ArrayList<>(registered);
      registered.clear();
    }
    for (Meter meter : toRemove) {
      registry.remove(meter);
    }
  }

  /**
   * Describes the listener, for logs.
   *
   * @return the registry's class and the sequences seen
   */
  @Override
  public String toString() {
    return "MicrometerSequenceListener[registry=" + registry.getClass().getSimpleName()
        + ", sequences=" + bySequence.keySet() + (closed ? ", closed" : "") + "]";
  }

  /** The meters of {@code sequence}, registering them on first sight; null once closed. */
  private SequenceMeters meters(String sequence) {
    SequenceMeters m = last;
    // The allocator passes its own sequence instance: a reference comparison hits almost always.
    if (m != null && (m.sequence == sequence || m.sequence.equals(sequence))) {
      return m;
    }
    m = bySequence.get(sequence);
    if (m == null) {
      if (closed) {
        return null;
      }
      synchronized (this) {
        m = metersOf(sequence);
      }
    }
    if (m != null) {
      last = m;
    }
    return m;
  }

  /** Finds or registers; caller holds the lock. Null when closed or the registry refused. */
  private SequenceMeters metersOf(String sequence) {
    if (closed) {
      return null;
    }
    SequenceMeters m = bySequence.get(sequence);
    if (m == null) {
      try {
        m = new SequenceMeters(sequence);
      } catch (RuntimeException e) {
        refused(sequence, e);
        return null;
      }
      bySequence.put(sequence, m);
    }
    return m;
  }

  private <M extends Meter> M track(M meter) {
    // Called with the lock held (construction and lazy registration both take it).
    registered.add(meter);
    return meter;
  }

  private void refused(String sequence, RuntimeException e) {
    if (!refusalLogged) {
      refusalLogged = true;
      log.warn("Sequence \"{}\": the meter registry refused customer-id's meters; dropping the event",
          sequence, e);
    }
  }

  private static String tagValue(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /**
   * One kind of store call: how many (a {@link FunctionCounter}), and how many were timed and how
   * long they took in all (a {@link FunctionTimer}).
   */
  private static final class CallStats {
    final LongAdder calls = new LongAdder();
    final LongAdder timed = new LongAdder();
    final LongAdder timedNanos = new LongAdder();
    /** For successful allocations: the strict allocations, each one call; otherwise null. */
    final LongAdder strictCalls;

    CallStats(LongAdder strictCalls) {
      this.strictCalls = strictCalls;
    }

    void record(long durationNanos) {
      calls.increment();
      if (durationNanos != UNTIMED) {
        timed(durationNanos);
      }
    }

    void timed(long durationNanos) {
      timed.increment();
      timedNanos.add(Math.max(0, durationNanos));
    }

    double count() {
      return calls.sum() + (strictCalls == null ? 0 : strictCalls.sum());
    }

    long timedCount() {
      return timed.sum();
    }

    double totalNanos() {
      return timedNanos.sum();
    }
  }

  /** The meters of one sequence, registered up front except the per-mode ones. */
  private final class SequenceMeters {
    final String sequence;
    final Tags tags;
    final AtomicReferenceArray<LongAdder> allocations = new AtomicReferenceArray<>(MODES.length);
    /** Successful strict allocations, one per store call: the hot path's one add. */
    final LongAdder strictCalls = new LongAdder();
    /** The numbers beyond the first of strict allocations of several numbers. */
    final LongAdder strictExtra = new LongAdder();
    /**
     * Whether the strict allocations meter is registered. Plain: a stale false only costs a look
     * under the lock, which finds it registered.
     */
    boolean strictRegistered;
    final CallStats[] storeCalls = new CallStats[OPERATIONS.length * OUTCOMES.length];
    final CallStats allocateSuccess;
    final Counter refills;
    final Counter reserved;
    final Timer waits;
    final Counter[] discarded = new Counter[REASONS.length];
    final Counter heals;
    final DistributionSummary healDistance;
    /** Per operation (ordinal). */
    final Counter[] retries = new Counter[OPERATIONS.length];
    /** The monitored allocators, weakly; guarded by itself. */
    final Set<IdAllocator> allocators = Collections.newSetFromMap(new WeakHashMap<>());
    Gauge remaining;

    SequenceMeters(String sequence) {
      this.sequence = sequence;
      this.tags = Tags.of(TAG_SEQUENCE, sequence);
      for (StoreOperation op : OPERATIONS) {
        for (Outcome outcome : OUTCOMES) {
          boolean allocated = op == StoreOperation.ALLOCATE && outcome == Outcome.SUCCESS;
          CallStats stats = new CallStats(allocated ? strictCalls : null);
          Tags callTags = tags.and(TAG_OPERATION, tagValue(op), TAG_OUTCOME, tagValue(outcome));
          track(FunctionCounter.builder(STORE_CALLS, stats, CallStats::count)
              .description("Calls to the sequence store, including the store's own retries")
              .baseUnit("calls")
              .tags(callTags)
              .register(registry));
          track(FunctionTimer.builder(STORE_CALL_DURATION, stats, CallStats::timedCount,
                  CallStats::totalNanos, TimeUnit.NANOSECONDS)
              .description("Durations of the timed store calls (strict allocations are sampled)")
              .tags(callTags)
              .register(registry));
          storeCalls[op.ordinal() * OUTCOMES.length + outcome.ordinal()] = stats;
        }
      }
      allocateSuccess = storeCalls[StoreOperation.ALLOCATE.ordinal() * OUTCOMES.length
          + Outcome.SUCCESS.ordinal()];
      refills = track(Counter.builder(BLOCK_REFILLS)
          .description("Blocks of numbers reserved from the store (block mode)")
          .baseUnit("blocks")
          .tags(tags)
          .register(registry));
      reserved = track(Counter.builder(BLOCK_RESERVED)
          .description("Numbers reserved from the store in blocks (block mode)")
          .baseUnit("ids")
          .tags(tags)
          .register(registry));
      waits = track(Timer.builder(BLOCK_WAITS)
          .description("Times a caller waited for a block to be fetched, and how long")
          .tags(tags)
          .register(registry));
      for (DiscardReason reason : REASONS) {
        discarded[reason.ordinal()] = track(Counter.builder(DISCARDED)
            .description("Reserved numbers that will never be handed out: gaps in the sequence")
            .baseUnit("ids")
            .tags(tags)
            .tag(TAG_REASON, tagValue(reason))
            .register(registry));
      }
      heals = track(Counter.builder(HEALS)
          .description("Times the counter was moved forward because it was behind the IDs in use")
          .baseUnit("heals")
          .tags(tags)
          .register(registry));
      healDistance = track(DistributionSummary.builder(HEAL_DISTANCE)
          .description("How far a heal moved the counter forward")
          .baseUnit("ids")
          .tags(tags)
          .register(registry));
      for (StoreOperation op : OPERATIONS) {
        retries[op.ordinal()] = track(Counter.builder(RETRIES)
            .description("Store operations retried after a transient failure")
            .baseUnit("retries")
            .tags(tags)
            .tag(TAG_OPERATION, tagValue(op))
            .register(registry));
      }
    }

    LongAdder allocations(AllocationMode mode) {
      synchronized (MicrometerSequenceListener.this) {
        LongAdder a = allocations.get(mode.ordinal());
        if (a != null || closed) {
          return a;
        }
        LongAdder adder = new LongAdder();
        try {
          track((mode == AllocationMode.STRICT
                  ? FunctionCounter.builder(ALLOCATIONS, adder,
                      own -> own.sum() + strictCalls.sum() + strictExtra.sum())
                  : FunctionCounter.builder(ALLOCATIONS, adder, LongAdder::doubleValue))
              .description("IDs handed out to callers")
              .baseUnit("ids")
              .tags(tags)
              .tag(TAG_MODE, tagValue(mode))
              .register(registry));
        } catch (RuntimeException e) {
          refused(sequence, e);
          return null;
        }
        allocations.set(mode.ordinal(), adder);
        if (mode == AllocationMode.STRICT) {
          strictRegistered = true;
        }
        return adder;
      }
    }

    void monitor(IdAllocator allocator) {
      synchronized (allocators) {
        allocators.add(allocator);
      }
      if (remaining == null) {
        remaining = track(Gauge.builder(BLOCK_REMAINING, this, SequenceMeters::remainingInBlocks)
            .description("Numbers left in the current blocks of the monitored allocators")
            .baseUnit("ids")
            .tags(tags)
            .strongReference(true)
            .register(registry));
      }
    }

    double remainingInBlocks() {
      long sum = 0;
      synchronized (allocators) {
        for (IdAllocator a : allocators) {
          sum += a.remainingInBlock();
        }
      }
      return sum;
    }
  }
}
