package io.github.customerid.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the store promises beyond the contract suite ({@link InMemorySequenceStoreContractTest}). */
class InMemorySequenceStoreTest {

  @Test
  void shouldDescribeItsCountersForFailureMessages() {
    InMemorySequenceStore store = new InMemorySequenceStore();
    store.allocate("customerId", 5);
    store.advanceTo("orders", 12);
    assertThat(store.toString())
        .startsWith("InMemorySequenceStore")
        .contains("customerId=5", "orders=12");
  }
}
