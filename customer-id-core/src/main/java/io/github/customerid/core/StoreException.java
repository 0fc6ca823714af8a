package io.github.customerid.core;

/**
 * Thrown when a {@link io.github.customerid.core.spi.SequenceStore} cannot complete an operation: the
 * database is unreachable, timed out, rejected the write, or answered something unexpected.
 *
 * <p>The underlying driver exception is the cause. When an allocation fails with this exception, the
 * numbers it might have reserved are never handed out by anyone (at worst they become a gap); retrying
 * the call is safe.
 */
public class StoreException extends CustomerIdException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the values involved
   */
  public StoreException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong, naming the values involved
   * @param cause the underlying failure
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
