package io.github.customerid.core.listener;

/** Why reserved numbers were discarded (left as a gap), as reported by {@link SequenceListener#onDiscarded}. */
public enum DiscardReason {
  /**
   * The allocator was closed with numbers of its reserved blocks unused, and they could not be given
   * back because the counter had moved on since (another allocator or process allocated).
   */
  CLOSE,
  /**
   * Numbers that were certainly reserved in the store were lost to a failure and will never be handed
   * out. The allocator reports the numbers a block-mode {@code next(count)} had drawn when a block
   * fetch failed, and, on close, a run of unused numbers whose give-back failed and was not applied
   * (a read shows the counter still at the run's end). Components given the listener report numbers
   * drawn that never reached a customer: {@code CustomerIdAssigner} and the Spring Boot callback when
   * the ID could not be set on the entity, a migration for the numbers of a failed batch that no
   * document holds.
   *
   * <p>Not reported: the numbers of a store call that threw (the store may or may not have counted
   * them; the call is reported as a failed store call), and an ID set on an entity whose save then
   * failed (saving the entity again uses it). Only numbers known to be lost are counted.
   */
  FAILURE
}
