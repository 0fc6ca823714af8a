package io.github.customerid.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.customerid.core.CounterExhaustedException;
import org.junit.jupiter.api.Test;

/** The boundaries between the store's single-add fast path and its checked CAS path. */
class InMemorySequenceStoreTest {

  private final InMemorySequenceStore store = new InMemorySequenceStore();

  @Test
  void shouldCrossTheFastPathLimitWithoutLosingAValue() {
    long limit = 1L << 62;
    store.initializeIfAbsent("s", limit - 2);
    assertThat(store.allocate("s", 1)).isEqualTo(limit - 1); // fast path
    assertThat(store.allocate("s", 1)).isEqualTo(limit); // fast path: read limit - 1
    assertThat(store.allocate("s", 1)).isEqualTo(limit + 1); // checked path
  }

  @Test
  void shouldTakeTheCheckedPathForHugeCounts() {
    assertThat(store.allocate("s", Long.MAX_VALUE - 1)).isEqualTo(Long.MAX_VALUE - 1);
    assertThatThrownBy(() -> store.allocate("s", 2)).isInstanceOf(CounterExhaustedException.class);
    assertThat(store.allocate("s", 1)).isEqualTo(Long.MAX_VALUE);
  }
}
