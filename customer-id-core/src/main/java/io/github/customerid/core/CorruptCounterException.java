package io.github.customerid.core;

/**
 * Thrown when a stored counter cannot be read as a valid counter: the value field is missing, not an
 * integer, negative, or the counter exists more than once. The store wrote nothing over it; an operator
 * must repair it (the message names where it is and what is wrong).
 */
public class CorruptCounterException extends StoreException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the values involved
   */
  public CorruptCounterException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong, naming the values involved
   * @param cause the underlying failure
   */
  public CorruptCounterException(String message, Throwable cause) {
    super(message, cause);
  }
}
