package io.github.customerid.micrometer;

import static io.github.customerid.micrometer.MicrometerSequenceListener.ALLOCATIONS;
import static io.github.customerid.micrometer.MicrometerSequenceListener.BLOCK_REFILLS;
import static io.github.customerid.micrometer.MicrometerSequenceListener.BLOCK_REMAINING;
import static io.github.customerid.micrometer.MicrometerSequenceListener.BLOCK_RESERVED;
import static io.github.customerid.micrometer.MicrometerSequenceListener.BLOCK_WAITS;
import static io.github.customerid.micrometer.MicrometerSequenceListener.DISCARDED;
import static io.github.customerid.micrometer.MicrometerSequenceListener.HEALS;
import static io.github.customerid.micrometer.MicrometerSequenceListener.HEAL_DISTANCE;
import static io.github.customerid.micrometer.MicrometerSequenceListener.RETRIES;
import static io.github.customerid.micrometer.MicrometerSequenceListener.STORE_CALLS;
import static io.github.customerid.micrometer.MicrometerSequenceListener.STORE_CALL_DURATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.customerid.core.AllocationMode;
import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.listener.DiscardReason;
import io.github.customerid.core.listener.Outcome;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.listener.StoreOperation;
import io.github.customerid.memory.InMemorySequenceStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicrometerSequenceListenerTest {

  private static final String SEQ = "customerId";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerSequenceListener metrics = new MicrometerSequenceListener(registry);
  private final InMemorySequenceStore store = new InMemorySequenceStore();

  @AfterEach
  void closeListener() {
    metrics.close();
  }

  @Test
  void thousandStrictAllocationsCountThousandAllocationsAndThousandStoreCalls() {
    IdAllocator ids = IdAllocator.builder(store).strict().listener(metrics).build();
    metrics.monitor(ids);

    for (int i = 0; i < 1_000; i++) {
      ids.next();
    }

    assertThat(registry.get(ALLOCATIONS).tags("sequence", SEQ, "mode", "strict").functionCounter().count())
        .isEqualTo(1_000.0);
    assertThat(storeCalls("allocate", "success").count()).isEqualTo(1_000);
    assertThat(storeCalls("allocate", "failure").count()).isZero();
    // Only a sample of strict allocations is timed: never more than were made.
    assertThat(durations("allocate", "success").count()).isBetween(0.0, 1_000.0);
    assertThat(registry.get(BLOCK_REFILLS).counter().count()).isZero();
    assertThat(registry.get(BLOCK_REMAINING).gauge().value()).isZero();
  }

  @Test
  void blocksOfHundredOverThousandIdsAreTenRefills() {
    // Fixed-size blocks and no prefetch: exactly the blocks that the 1,000 IDs need are fetched.
    IdAllocator ids = IdAllocator.builder(store).blocks(100).prefetchPercent(0)
        .listener(metrics).build();
    metrics.monitor(ids);

    for (int i = 0; i < 1_000; i++) {
      ids.next();
    }

    assertThat(registry.get(BLOCK_REFILLS).tags("sequence", SEQ).counter().count()).isEqualTo(10.0);
    assertThat(registry.get(BLOCK_RESERVED).counter().count()).isEqualTo(1_000.0);
    assertThat(registry.get(ALLOCATIONS).tags("mode", "block").functionCounter().count())
        .isEqualTo(1_000.0);
    assertThat(storeCalls("allocate", "success").count()).isEqualTo(10);
    // Without prefetch, the caller that empties a block fetches the next one: every refill is a wait.
    assertThat(registry.get(BLOCK_WAITS).timer().count()).isEqualTo(10);
    assertThat(registry.get(BLOCK_REMAINING).gauge().value()).isZero();

    ids.next();
    assertThat(registry.get(BLOCK_REMAINING).gauge().value()).isEqualTo(99.0);
    ids.close();
  }

  @Test
  void closeInBlockModeReportsTheNumbersItCouldNotGiveBack() {
    IdAllocator ids = IdAllocator.builder(store).blocks(100).prefetchPercent(0)
        .listener(metrics).build();
    metrics.monitor(ids);
    for (int i = 0; i < 30; i++) {
      ids.next();
    }
    assertThat(registry.get(BLOCK_REMAINING).gauge().value()).isEqualTo(70.0);
    store.allocate(SEQ, 1); // someone else moved the counter: the tail cannot be given back

    ids.close();

    assertThat(registry.get(DISCARDED).tags("reason", "close").counter().count()).isEqualTo(70.0);
    assertThat(registry.get(DISCARDED).tags("reason", "failure").counter().count()).isZero();
  }

  @Test
  void closeInBlockModeDiscardsNothingWhenTheTailIsGivenBack() {
    IdAllocator ids = IdAllocator.builder(store).blocks(100).prefetchPercent(0)
        .listener(metrics).build();
    for (int i = 0; i < 30; i++) {
      ids.next();
    }

    ids.close();

    assertThat(store.current(SEQ)).hasValue(30);
    assertThat(registry.get(DISCARDED).tags("reason", "close").counter().count()).isZero();
    assertThat(storeCalls("give_back", "success").count()).isEqualTo(1);
  }

  @Test
  void aHealCountsOnceAndRecordsHowFarTheCounterMoved() {
    metrics.onHeal(SEQ, 41, 57, "customer ID PL57 was already in use");

    assertThat(registry.get(HEALS).tags("sequence", SEQ).counter().count()).isEqualTo(1.0);
    assertThat(registry.get(HEAL_DISTANCE).summary().count()).isEqualTo(1);
    assertThat(registry.get(HEAL_DISTANCE).summary().totalAmount()).isEqualTo(16.0);
  }

  @Test
  void aHealOfAnAbsentCounterMeasuresFromZero() {
    metrics.onHeal(SEQ, -1, 23, "counter missing");

    assertThat(registry.get(HEAL_DISTANCE).summary().totalAmount()).isEqualTo(23.0);
  }

  @Test
  void retriesAreCountedPerOperationWhateverTheirCause() {
    metrics.onRetry(SEQ, StoreOperation.ALLOCATE, new IOException("reset"));
    metrics.onRetry(SEQ, StoreOperation.ALLOCATE, new IllegalStateException("stepped down"));
    metrics.onRetry(SEQ, StoreOperation.ADVANCE_TO, new IllegalStateException());

    // One series per operation: the cause's class is not a tag (the store logs it).
    assertThat(registry.find(RETRIES).tags("operation", "allocate").counters()).singleElement()
        .satisfies(c -> assertThat(c.count()).isEqualTo(2.0));
    assertThat(registry.get(RETRIES).tags("operation", "advance_to").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get(RETRIES).tags("operation", "read").counter().count()).isZero();
  }

  @Test
  void storeCallDurationsAreRecordedInTheTimer() {
    metrics.onStoreCall(SEQ, StoreOperation.READ, Outcome.FAILURE, 2_000_000);

    metrics.onStoreCall(SEQ, StoreOperation.READ, Outcome.FAILURE, 4_000_000);

    assertThat(storeCalls("read", "failure").count()).isEqualTo(2.0);
    assertThat(durations("read", "failure").count()).isEqualTo(2.0);
    assertThat(durations("read", "failure").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6.0);
    assertThat(durations("read", "failure").mean(TimeUnit.MILLISECONDS)).isEqualTo(3.0);
  }

  @Test
  void untimedCallsAreCountedExactlyButLeaveTheTimerAlone() {
    metrics.onStrictAllocation(SEQ, 1, SequenceListener.UNTIMED);
    metrics.onStrictAllocation(SEQ, 1, SequenceListener.UNTIMED);
    metrics.onStrictAllocation(SEQ, 1, 3_000_000);
    metrics.onStrictAllocation(SEQ, 5, SequenceListener.UNTIMED); // next(5): one call, five IDs
    metrics.onStoreCall(SEQ, StoreOperation.ALLOCATE, Outcome.SUCCESS, 1_000_000); // a block fetch
    metrics.onStoreCall(SEQ, StoreOperation.ALLOCATE, Outcome.FAILURE, SequenceListener.UNTIMED);

    assertThat(registry.get(ALLOCATIONS).tags("mode", "strict").functionCounter().count())
        .isEqualTo(8.0);
    assertThat(storeCalls("allocate", "success").count()).isEqualTo(5.0);
    assertThat(durations("allocate", "success").count()).isEqualTo(2.0);
    assertThat(durations("allocate", "success").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(4.0);
    assertThat(storeCalls("allocate", "failure").count()).isEqualTo(1.0);
    assertThat(durations("allocate", "failure").count()).isZero();
  }

  @Test
  void strictBatchesCountEveryIdAndOneStoreCall() {
    IdAllocator ids = IdAllocator.builder(store).strict().listener(metrics).build();

    ids.next(10);
    ids.next();

    assertThat(registry.get(ALLOCATIONS).tags("mode", "strict").functionCounter().count())
        .isEqualTo(11.0);
    assertThat(storeCalls("allocate", "success").count()).isEqualTo(2.0);
  }

  @Test
  void waitsAreRecordedOnlyWhenACallerWaited() {
    metrics.onBlockRefill(SEQ, 1_000, 0);
    metrics.onBlockRefill(SEQ, 2_000, 5_000_000);

    assertThat(registry.get(BLOCK_REFILLS).counter().count()).isEqualTo(2.0);
    assertThat(registry.get(BLOCK_RESERVED).counter().count()).isEqualTo(3_000.0);
    assertThat(registry.get(BLOCK_WAITS).timer().count()).isEqualTo(1);
    assertThat(registry.get(BLOCK_WAITS).timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5.0);
  }

  @Test
  void sequencesHaveTheirOwnMeters() {
    metrics.onAllocation("customerId", AllocationMode.STRICT, 1);
    metrics.onAllocation("orderId", AllocationMode.STRICT, 5);
    metrics.onAllocation("customerId", AllocationMode.STRICT, 2);

    assertThat(registry.get(ALLOCATIONS).tags("sequence", "customerId").functionCounter().count())
        .isEqualTo(3.0);
    assertThat(registry.get(ALLOCATIONS).tags("sequence", "orderId").functionCounter().count())
        .isEqualTo(5.0);
  }

  @Test
  void meterNamesFollowMicrometersConventionsAndTagsStayLowCardinality() {
    metrics.monitor(IdAllocator.builder(store).blocks(10).listener(metrics).build());
    metrics.onDiscarded(SEQ, 3, DiscardReason.FAILURE);
    metrics.onHeal(SEQ, 1, 2, "test");
    metrics.onRetry(SEQ, StoreOperation.ALLOCATE, new IOException());

    // The four tags, and reason (close or failure) on the discarded numbers only.
    Set<String> allowedTags = Set.of("sequence", "mode", "operation", "outcome");
    assertThat(registry.getMeters()).isNotEmpty().allSatisfy(meter -> {
      assertThat(meter.getId().getName()).startsWith("customerid.").matches("[a-z._]+");
      Set<String> allowed = meter.getId().getName().equals(DISCARDED)
          ? Set.of("sequence", "reason") : allowedTags;
      assertThat(meter.getId().getTags()).extracting(Tag::getKey).isSubsetOf(allowed)
          .contains("sequence");
      assertThat(meter.getId().getBaseUnit()).as(meter.getId().getName())
          .isIn("ids", "calls", "blocks", "heals", "retries", "seconds");
    });
    assertThat(registry.getMeters().stream().map(m -> m.getId().getName())
        .collect(Collectors.toSet())).containsExactlyInAnyOrder(ALLOCATIONS, STORE_CALLS,
        STORE_CALL_DURATION,
        BLOCK_REFILLS, BLOCK_RESERVED, BLOCK_WAITS, BLOCK_REMAINING, DISCARDED, HEALS,
        HEAL_DISTANCE, RETRIES);
  }

  @Test
  void closeRemovesEveryMeterAndLaterEventsAreIgnored() {
    IdAllocator ids = IdAllocator.builder(store).listener(metrics).build();
    metrics.monitor(ids);
    ids.next();
    metrics.onRetry(SEQ, StoreOperation.ALLOCATE, new IOException());
    assertThat(registry.getMeters()).isNotEmpty();

    metrics.close();
    ids.next();
    metrics.onRetry(SEQ, StoreOperation.ALLOCATE, new IOException());
    metrics.onHeal(SEQ, 1, 2, "after close");

    assertThat(registry.getMeters()).isEmpty();
    assertThatThrownBy(() -> metrics.monitor(ids)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void closeLeavesOtherMetersAlone() {
    MeterRegistry shared = registry;
    shared.counter("app.orders").increment();
    metrics.onAllocation(SEQ, AllocationMode.STRICT, 1);

    metrics.close();

    assertThat(shared.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
        .containsExactly("app.orders");
  }

  @Test
  void twoAllocatorsOfOneSequenceShareTheGaugeWhichAddsThemUp() {
    IdAllocator a = IdAllocator.builder(store).blocks(10).prefetchPercent(0).listener(metrics).build();
    IdAllocator b = IdAllocator.builder(store).blocks(10).prefetchPercent(0).listener(metrics).build();
    metrics.monitor(a).monitor(b);
    a.next();
    b.next();
    b.next();

    assertThat(registry.get(BLOCK_REMAINING).gauge().value()).isEqualTo(9.0 + 8.0);
  }

  private FunctionCounter storeCalls(String operation, String outcome) {
    return registry.get(STORE_CALLS)
        .tags("sequence", SEQ, "operation", operation, "outcome", outcome).functionCounter();
  }

  private FunctionTimer durations(String operation, String outcome) {
    return registry.get(STORE_CALL_DURATION)
        .tags("sequence", SEQ, "operation", operation, "outcome", outcome).functionTimer();
  }
}
