package io.github.customerid.core.listener;

/** Why reserved numbers were discarded (left as a gap), as reported by {@link SequenceListener#onDiscarded}. */
public enum DiscardReason {
  /**
   * The allocator was closed with numbers of its reserved blocks unused, and they could not be given
   * back because the counter had moved on since (another allocator or process allocated).
   */
  CLOSE,
  /** A store call failed after the store may have counted it; its numbers are never handed out. */
  FAILURE
}
