package io.github.customerid.core;

/**
 * How an {@link IdAllocator} draws numbers from its store.
 *
 * <table>
 *   <caption>Guarantees per mode</caption>
 *   <tr><th></th><th>{@link #STRICT}</th><th>{@link #BLOCK}</th></tr>
 *   <tr><td>Uniqueness</td><td>always</td><td>always</td></tr>
 *   <tr><td>Store round trips</td><td>one per ID (one per batch for {@code next(n)})</td>
 *       <td>one per block; blocks are reserved ahead by a background thread, and may grow with
 *       demand</td></tr>
 *   <tr><td>Order</td><td>numbers increase in order of allocation across all processes</td>
 *       <td>increasing within one block; across allocators and processes blocks interleave, so a
 *       later ID can have a smaller number</td></tr>
 *   <tr><td>Gaps</td><td>only where a call failed after the store counted it</td>
 *       <td>also the reserved numbers left unused: on {@link IdAllocator#close()} only if another
 *       allocator took numbers since (otherwise they are given back); after a crash up to
 *       ({@code blocksAhead} + 2) × the largest block size per allocator</td></tr>
 *   <tr><td>After a restart</td><td>continues at the store's counter + 1</td>
 *       <td>after {@code close()}: usually right after the last number handed out; after a crash:
 *       after the last <em>reserved</em> block</td></tr>
 * </table>
 */
public enum AllocationMode {
  /** One store round trip per ID: numbers follow allocation order, gaps only after failures. */
  STRICT,
  /**
   * Reserve a block of numbers per round trip and hand them out locally, with the next blocks
   * reserved ahead in the background (as Leaf's segment mode or CosId's segment chain do).
   */
  BLOCK
}
