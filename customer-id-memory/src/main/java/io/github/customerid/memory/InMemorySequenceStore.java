package io.github.customerid.memory;

import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.core.spi.StoreArguments;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link SequenceStore} held in memory: what a service uses in its tests instead of MongoDB, or in a
 * single process that needs no durability.
 *
 * <pre>{@code
 * IdAllocator ids = IdAllocator.builder(new InMemorySequenceStore()).build();
 * ids.next(); // "PL1"
 * }</pre>
 *
 * <p>Thread-safe and lock-free: an allocation is one map look-up and one compare-and-exchange loop on an
 * {@link AtomicLong}. It honours the whole {@link SequenceStore} contract except durability: counters
 * live as long as the instance. A new instance is cheap (one empty map), so use one per test.
 */
public final class InMemorySequenceStore implements SequenceStore {

  private final ConcurrentMap<String, AtomicLong> counters = new ConcurrentHashMap<>();
  /**
   * The name and counter of the first sequence looked up: most applications use one sequence, and a
   * reference comparison of the name is cheaper than a map look-up on every allocation.
   */
  private volatile FirstCounter first;

  private record FirstCounter(String sequence, AtomicLong counter) {}

  /** Creates an empty store: every sequence starts absent. */
  public InMemorySequenceStore() {}

  /**
   * {@inheritDoc}
   *
   * <p>Lock-free: a compare-and-exchange loop that checks for overflow before every attempt.
   */
  @Override
  public long allocate(String sequence, long count) {
    StoreArguments.checkCount(count);
    AtomicLong counter = counter(sequence);
    // compareAndExchange returns the value it found, so a lost race costs no extra read of the
    // contended cache line before the next attempt.
    long current = counter.get();
    while (true) {
      long next = StoreArguments.checkedAdd(sequence, current, count);
      long witness = counter.compareAndExchange(current, next);
      if (witness == current) {
        return next;
      }
      current = witness;
    }
  }

  @Override
  public OptionalLong current(String sequence) {
    AtomicLong counter = counters.get(StoreArguments.checkSequence(sequence));
    return counter == null ? OptionalLong.empty() : OptionalLong.of(counter.get());
  }

  @Override
  public long advanceTo(String sequence, long lastValue) {
    StoreArguments.checkLastValue(lastValue);
    return counter(sequence).accumulateAndGet(lastValue, Math::max);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One compare-and-set on the counter.
   */
  @Override
  public boolean giveBack(String sequence, long blockEnd, long lastUsed) {
    StoreArguments.checkGiveBack(blockEnd, lastUsed);
    AtomicLong counter = counters.get(StoreArguments.checkSequence(sequence));
    return counter != null && counter.compareAndSet(blockEnd, lastUsed);
  }

  @Override
  public void resetAllowingDuplicates(String sequence, long lastValue) {
    StoreArguments.checkLastValue(lastValue);
    counter(sequence).set(lastValue);
  }

  private AtomicLong counter(String sequence) {
    FirstCounter f = first;
    if (f != null && f.sequence == sequence) {
      return f.counter;
    }
    return lookUp(sequence);
  }

  private AtomicLong lookUp(String sequence) {
    // get() first: computeIfAbsent may lock the bin even when the key is present.
    AtomicLong counter = counters.get(Objects.requireNonNull(sequence, "sequence"));
    if (counter == null) {
      counter = counters.computeIfAbsent(StoreArguments.checkSequence(sequence),
          k -> new AtomicLong());
    }
    if (first == null) {
      // A race may set it more than once, each time to a pair that stays true: counters are never
      // removed or replaced.
      first = new FirstCounter(sequence, counter);
    }
    return counter;
  }

  /**
   * Describes the store and its counters, for test failure messages.
   *
   * @return the counters by sequence name
   */
  @Override
  public String toString() {
    return "InMemorySequenceStore" + counters;
  }
}
