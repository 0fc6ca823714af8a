package io.github.customerid.core;

/**
 * Base type of every exception thrown by customer-id. Unchecked, so that callers handle only the
 * cases they can act on; each subclass names one such case.
 *
 * <ul>
 *   <li>{@link InvalidIdException}: a string is not a valid ID of an {@link IdFormat}.
 *   <li>{@link InvalidConfigurationException}: a prefix, width, sequence name or block size is wrong.
 *   <li>{@link StoreException}: the store failed; the number may or may not have been consumed, but it
 *       was not handed out.
 *   <li>{@link CorruptCounterException}: the stored counter is unreadable; nothing was written over it.
 *   <li>{@link CounterExhaustedException}: the counter would pass {@link Long#MAX_VALUE}.
 *   <li>{@link CounterConflictException}: an operation would move a counter backwards.
 * </ul>
 */
public class CustomerIdException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, naming the values involved
   */
  public CustomerIdException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the underlying cause.
   *
   * @param message what went wrong, naming the values involved
   * @param cause the underlying failure, kept for diagnosis
   */
  public CustomerIdException(String message, Throwable cause) {
    super(message, cause);
  }
}
