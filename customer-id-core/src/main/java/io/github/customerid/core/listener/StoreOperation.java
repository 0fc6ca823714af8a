package io.github.customerid.core.listener;

/** The kind of store call reported by {@link SequenceListener#onStoreCall}. */
public enum StoreOperation {
  /** {@link io.github.customerid.core.spi.SequenceStore#allocate}: one ID in strict mode, one block. */
  ALLOCATE,
  /** {@link io.github.customerid.core.spi.SequenceStore#advanceTo}: initialise or heal a counter. */
  ADVANCE_TO,
  /** {@link io.github.customerid.core.spi.SequenceStore#giveBack}: return an unused tail on close. */
  GIVE_BACK,
  /** {@link io.github.customerid.core.spi.SequenceStore#resetAllowingDuplicates}. */
  RESET,
  /** {@link io.github.customerid.core.spi.SequenceStore#current}: read the counter. */
  READ
}
