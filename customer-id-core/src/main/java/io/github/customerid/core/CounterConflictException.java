package io.github.customerid.core;

/**
 * Thrown when an operation would move a counter backwards, which could hand out an ID a second
 * time. The counter is left unchanged. Use the explicitly forced variant only when you are sure
 * the IDs above the target were never used.
 */
public class CounterConflictException extends CustomerIdException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the values involved
   */
  public CounterConflictException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong, naming the values involved
   * @param cause the underlying failure
   */
  public CounterConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
