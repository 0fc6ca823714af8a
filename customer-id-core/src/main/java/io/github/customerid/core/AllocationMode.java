package io.github.customerid.core;

/**
 * How an {@link IdAllocator} draws numbers from its store.
 *
 * <table>
 *   <caption>Guarantees per mode</caption>
 *   <tr><th></th><th>{@link #STRICT}</th><th>{@link #BLOCK}</th></tr>
 *   <tr><td>Uniqueness</td><td>always</td><td>always</td></tr>
 *   <tr><td>Store round trips</td><td>one per ID (one per batch for {@code next(n)})</td>
 *       <td>one per block, fetched ahead of need</td></tr>
 *   <tr><td>Order</td><td>numbers increase in order of allocation across all processes</td>
 *       <td>increasing within one block; across allocators and processes blocks interleave, so a
 *       later ID can have a smaller number</td></tr>
 *   <tr><td>Gaps</td><td>only where a call failed after the store counted it</td>
 *       <td>also the unused rest of every block when the allocator is closed, the process stops or
 *       crashes</td></tr>
 *   <tr><td>After a restart</td><td>continues at the store's counter + 1</td>
 *       <td>continues after the last <em>reserved</em> block: up to {@code blockSize} numbers per
 *       allocator are skipped</td></tr>
 * </table>
 */
public enum AllocationMode {
  /** One store round trip per ID: numbers follow allocation order, gaps only after failures. */
  STRICT,
  /**
   * Reserve a block of numbers per round trip and hand them out locally, fetching the next block
   * before the current one runs out (as Hibernate's pooled optimizer or Leaf's segment mode do).
   */
  BLOCK
}
