package io.github.customerid.core;

import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.core.spi.StoreArguments;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test-only store for core's tests (core cannot depend on the memory module): atomic counters in a
 * map, plus probes. It records which thread called {@code allocate}, can fail the next call on demand
 * and can hold calls on a latch until the test releases them.
 */
class TestStore implements SequenceStore {

  private final ConcurrentMap<String, AtomicLong> counters = new ConcurrentHashMap<>();
  final List<Thread> allocatingThreads = new CopyOnWriteArrayList<>();
  final List<Long> allocatedCounts = new CopyOnWriteArrayList<>();
  final AtomicInteger allocations = new AtomicInteger();
  final AtomicInteger giveBacks = new AtomicInteger();
  /** Thrown (once) by the next allocate. */
  final AtomicReference<RuntimeException> failNext = new AtomicReference<>();
  /** While set, allocate waits on it (at most 30 s) before doing its work. */
  volatile CountDownLatch hold;
  /** Counted down when an allocate starts waiting on {@link #hold}. */
  volatile CountDownLatch holding = new CountDownLatch(1);
  /** If set, only calls from threads of this name are held. */
  volatile String holdOnlyThread;

  @Override
  public long allocate(String sequence, long count) {
    StoreArguments.checkCount(count);
    allocatingThreads.add(Thread.currentThread());
    allocatedCounts.add(count);
    allocations.incrementAndGet();
    CountDownLatch h = hold;
    String only = holdOnlyThread;
    if (h != null && (only == null || only.equals(Thread.currentThread().getName()))) {
      holding.countDown();
      try {
        h.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    RuntimeException f = failNext.getAndSet(null);
    if (f != null) {
      throw f;
    }
    AtomicLong c = counter(sequence);
    while (true) {
      long current = c.get();
      long next = StoreArguments.checkedAdd(sequence, current, count);
      if (c.compareAndSet(current, next)) {
        return next;
      }
    }
  }

  @Override
  public OptionalLong current(String sequence) {
    AtomicLong c = counters.get(StoreArguments.checkSequence(sequence));
    return c == null ? OptionalLong.empty() : OptionalLong.of(c.get());
  }

  @Override
  public long advanceTo(String sequence, long lastValue) {
    StoreArguments.checkLastValue(lastValue);
    return counter(sequence).accumulateAndGet(lastValue, Math::max);
  }

  @Override
  public boolean giveBack(String sequence, long blockEnd, long lastUsed) {
    StoreArguments.checkGiveBack(blockEnd, lastUsed);
    giveBacks.incrementAndGet();
    AtomicLong c = counters.get(StoreArguments.checkSequence(sequence));
    return c != null && c.compareAndSet(blockEnd, lastUsed);
  }

  @Override
  public void resetAllowingDuplicates(String sequence, long lastValue) {
    StoreArguments.checkLastValue(lastValue);
    counter(sequence).set(lastValue);
  }

  long value(String sequence) {
    return current(sequence).orElse(-1);
  }

  private AtomicLong counter(String sequence) {
    return counters.computeIfAbsent(StoreArguments.checkSequence(sequence), k -> new AtomicLong());
  }
}
