package io.github.customerid.memory;

import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.testkit.SequenceStoreContract;

class InMemorySequenceStoreContractTest extends SequenceStoreContract {

  @Override
  protected SequenceStore createStore() {
    return new InMemorySequenceStore();
  }

  @Override
  protected boolean supportsGiveBack() {
    return true;
  }
}
