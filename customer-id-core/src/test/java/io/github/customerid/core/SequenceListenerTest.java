package io.github.customerid.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.customerid.core.listener.Outcome;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.listener.StoreOperation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SequenceListenerTest {

  private final TestStore store = new TestStore();
  private final RecordingListener events = new RecordingListener();

  @Test
  void shouldReportEveryStrictAllocationAndStoreCall() {
    IdAllocator ids = IdAllocator.builder(store).listener(events).build();
    for (int i = 0; i < 1000; i++) {
      ids.next();
    }
    assertThat(ids.next(5)).hasSize(5);
    assertThat(events.allocated).hasValue(1005);
    assertThat(events.allocationEvents).hasValue(1001);
    assertThat(events.storeCalls("ALLOCATE SUCCESS")).isEqualTo(1001);
    assertThat(events.storeCalls).hasSize(1001);
    assertThat(ids.remainingInBlock()).isZero();
  }

  @Test
  void shouldReportAFailedStoreCallAndNoAllocation() {
    IdAllocator ids = IdAllocator.builder(store).listener(events).build();
    store.failNext.set(new StoreException("down"));
    assertThatThrownBy(ids::next).isInstanceOf(StoreException.class);
    assertThat(events.storeCalls).containsExactly("ALLOCATE FAILURE");
    assertThat(events.allocationEvents).hasValue(0);
  }

  @Test
  void shouldReportInitializeResetAndReadAsStoreCalls() {
    IdAllocator ids = IdAllocator.builder(store).listener(events).build();
    ids.initialize(5);
    ids.resetAllowingDuplicates(3);
    ids.currentValue();
    assertThat(events.storeCalls)
        .containsExactly("ADVANCE_TO SUCCESS", "RESET SUCCESS", "READ SUCCESS");
  }

  @Test
  void shouldCountOneRefillPerBlock() {
    try (IdAllocator ids = IdAllocator.builder(store).blocks(100).prefetchPercent(0)
        .listener(events).build()) {
      for (int i = 0; i < 1000; i++) {
        ids.nextValue();
      }
      assertThat(events.refillSizes).hasSize(10).containsOnly(100L);
      assertThat(events.allocated).hasValue(1000);
      assertThat(events.storeCalls("ALLOCATE SUCCESS")).isEqualTo(10);
      assertThat(ids.remainingInBlock()).isZero();
      ids.nextValue();
      assertThat(ids.remainingInBlock()).isEqualTo(99);
    }
  }

  @Test
  void shouldNeverLetAListenerExceptionReachTheCaller() {
    AtomicInteger calls = new AtomicInteger();
    SequenceListener throwing = new SequenceListener() {
      @Override
      public void onAllocation(String sequence, AllocationMode mode, long count) {
        calls.incrementAndGet();
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void onStoreCall(String sequence, io.github.customerid.core.listener.StoreOperation op,
          io.github.customerid.core.listener.Outcome outcome, long durationNanos) {
        throw new IllegalStateException("listener bug");
      }
    };
    IdAllocator ids = IdAllocator.builder(store).listener(throwing).build();
    assertThat(ids.next()).isEqualTo("PL1");
    assertThat(ids.next()).isEqualTo("PL2");
    assertThat(calls).hasValue(2);
    assertThat(store.value("customerId")).isEqualTo(2);
  }

  @Test
  void shouldGuardOnceAndLeaveTheNoOpListenerAlone() {
    assertThat(SequenceListener.guard(SequenceListener.NOOP)).isSameAs(SequenceListener.NOOP);
    SequenceListener guarded = SequenceListener.guard(events);
    assertThat(SequenceListener.guard(guarded)).isSameAs(guarded);
    assertThatThrownBy(() -> IdAllocator.builder(store).listener(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void shouldReportDurationsThatFitInTheTimeTheCallsTook() {
    long start = System.nanoTime();
    IdAllocator ids = IdAllocator.builder(store).listener(events).build();
    ids.next();
    ids.initialize(5);
    ids.currentValue();
    ids.resetAllowingDuplicates(5);
    try (IdAllocator blocks = IdAllocator.builder(store).sequence("other").blocks(10)
        .listener(events).build()) {
      blocks.next();
    }
    long elapsed = System.nanoTime() - start;
    assertThat(events.storeCalls).contains("ALLOCATE SUCCESS", "ADVANCE_TO SUCCESS", "READ SUCCESS",
        "RESET SUCCESS", "GIVE_BACK SUCCESS");
    assertThat(events.longestNanos.get()).isBetween(0L, elapsed);
  }

  /** Times every {@code n}-th strict allocation, counting calls: deterministic, unlike the default. */
  private static StoreCalls.Sampler every(int n) {
    AtomicInteger calls = new AtomicInteger();
    return () -> calls.incrementAndGet() % n == 0;
  }

  @Test
  void shouldCountEveryStrictAllocationExactlyWhileTimingOnlyTheSampledOnes() {
    IdAllocator ids = IdAllocator.builder(store).listener(events).timingSampler(every(10)).build();
    for (int i = 0; i < 1000; i++) {
      ids.next();
    }
    assertThat(events.allocated).hasValue(1000);
    assertThat(events.allocationEvents).hasValue(1000);
    assertThat(events.storeCalls("ALLOCATE SUCCESS")).isEqualTo(1000);
    assertThat(events.storeCalls).hasSize(1000);
    assertThat(events.untimed()).isEqualTo(900);
    assertThat(events.durations.stream().filter(d -> d >= 0).count()).isEqualTo(100);
  }

  @Test
  void shouldReportASampledCallsDurationAndTheUntimedConstantForTheOthers() {
    IdAllocator ids = IdAllocator.builder(store).listener(events).timingSampler(every(2)).build();
    long start = System.nanoTime();
    ids.next(); // not sampled
    ids.next(); // sampled
    long elapsed = System.nanoTime() - start;
    assertThat(events.durations).hasSize(2);
    assertThat(events.durations.get(0)).isEqualTo(SequenceListener.UNTIMED);
    assertThat(events.durations.get(1)).isBetween(0L, elapsed);
  }

  @Test
  void shouldTimeTheRareOperationsAndBlockFetchesEvenWhenNothingIsSampled() {
    IdAllocator ids = IdAllocator.builder(store).listener(events).timingSampler(() -> false)
        .build();
    ids.initialize(5);
    ids.currentValue();
    ids.resetAllowingDuplicates(5);
    try (IdAllocator blocks = IdAllocator.builder(store).sequence("other").blocks(10)
        .prefetchPercent(0).listener(events).timingSampler(() -> false).build()) {
      blocks.next();
    }
    assertThat(events.storeCalls).containsExactly("ADVANCE_TO SUCCESS", "READ SUCCESS",
        "RESET SUCCESS", "ALLOCATE SUCCESS", "GIVE_BACK SUCCESS");
    assertThat(events.untimed()).isZero();
  }

  @Test
  void shouldTimeEveryStrictCallFromAFailureUntilTheNextSuccess() {
    IdAllocator ids = IdAllocator.builder(store).listener(events).timingSampler(() -> false)
        .build();
    ids.next();
    store.failNext.set(new StoreException("down"));
    assertThatThrownBy(ids::next).isInstanceOf(StoreException.class);
    store.failNext.set(new StoreException("still down"));
    assertThatThrownBy(ids::next).isInstanceOf(StoreException.class);
    ids.next(); // recovers: timed, and ends the streak
    ids.next();
    assertThat(events.storeCalls).containsExactly("ALLOCATE SUCCESS", "ALLOCATE FAILURE",
        "ALLOCATE FAILURE", "ALLOCATE SUCCESS", "ALLOCATE SUCCESS");
    // The first failure was not sampled: the allocator had not read the clock before the call.
    assertThat(events.durations.get(0)).isEqualTo(SequenceListener.UNTIMED);
    assertThat(events.durations.get(1)).isEqualTo(SequenceListener.UNTIMED);
    assertThat(events.durations.get(2)).isNotNegative();
    assertThat(events.durations.get(3)).isNotNegative();
    assertThat(events.durations.get(4)).isEqualTo(SequenceListener.UNTIMED);
    assertThat(events.allocated).hasValue(3);
  }

  @Test
  void shouldTimeASampledFailure() {
    IdAllocator ids = IdAllocator.builder(store).listener(events).timingSampler(() -> true)
        .build();
    store.failNext.set(new StoreException("down"));
    long start = System.nanoTime();
    assertThatThrownBy(ids::next).isInstanceOf(StoreException.class);
    long elapsed = System.nanoTime() - start;
    assertThat(events.storeCalls).containsExactly("ALLOCATE FAILURE");
    assertThat(events.durations.get(0)).as("the failed call's duration, within the time it took")
        .isBetween(0L, elapsed);
  }

  @Test
  void shouldReportABatchDrawnFromBlocksAsOneAllocationOfTheWholeCount() {
    try (IdAllocator ids = IdAllocator.builder(store).blocks(10).prefetchPercent(0)
        .listener(events).build()) {
      assertThat(ids.next(25)).hasSize(25);
      assertThat(events.allocationEvents).hasValue(1);
      assertThat(events.allocated).hasValue(25);
      assertThat(events.refillSizes).containsExactly(10L, 10L, 10L);
    }
  }

  @Test
  void shouldReportTheNumbersABatchDrewBeforeABlockFetchFailedAsDiscarded() {
    try (IdAllocator ids = IdAllocator.builder(store).blocks(10).prefetchPercent(0)
        .listener(events).build()) {
      assertThat(ids.nextValue()).isEqualTo(1); // block 1..10
      store.failNext.set(new StoreException("down"));

      assertThatThrownBy(() -> ids.next(15)).isInstanceOf(StoreException.class);

      // 2..10 were taken from the block and are never handed out: the next ID comes from 11..20.
      assertThat(events.discarded).containsExactly("9 FAILURE");
      assertThat(events.allocated).hasValue(1);
      assertThat(ids.nextValue()).isEqualTo(11);
    }
  }

  @Test
  void shouldReportNothingDiscardedWhenABatchFailsBeforeDrawingAnything() {
    try (IdAllocator ids = IdAllocator.builder(store).blocks(10).prefetchPercent(0)
        .listener(events).build()) {
      store.failNext.set(new StoreException("down"));

      assertThatThrownBy(() -> ids.next(5)).isInstanceOf(StoreException.class);

      assertThat(events.discarded).isEmpty();
      assertThat(ids.next(2)).containsExactly("PL1", "PL2");
    }
  }

  @Test
  void shouldReportAStrictAllocationAsOneEventToAListenerThatAsksForIt() {
    List<String> seen = new CopyOnWriteArrayList<>();
    SequenceListener combined = new SequenceListener() {
      @Override
      public void onStrictAllocation(String sequence, long count, long durationNanos) {
        seen.add("strict " + count);
      }

      @Override
      public void onAllocation(String sequence, AllocationMode mode, long count) {
        seen.add("allocation " + count);
      }

      @Override
      public void onStoreCall(String sequence, StoreOperation operation, Outcome outcome,
          long durationNanos) {
        seen.add("store call " + operation);
      }
    };
    IdAllocator ids = IdAllocator.builder(store).listener(combined).build();
    ids.next();
    ids.next(3);
    assertThat(seen).containsExactly("strict 1", "strict 3");
  }
}
