package io.github.customerid.core.listener;

/** How a store call ended, as reported by {@link SequenceListener#onStoreCall}. */
public enum Outcome {
  /** The call returned normally (a give-back that was refused still returned normally). */
  SUCCESS,
  /** The call threw; the exception reached the caller or, for a prefetch, was logged. */
  FAILURE
}
