package io.github.customerid.core;

/**
 * Thrown when an allocation or advance would take a counter beyond {@link Long#MAX_VALUE}. The
 * counter is left unchanged: it never wraps around.
 */
public class CounterExhaustedException extends CustomerIdException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the values involved
   */
  public CounterExhaustedException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong, naming the values involved
   * @param cause the underlying failure
   */
  public CounterExhaustedException(String message, Throwable cause) {
    super(message, cause);
  }
}
