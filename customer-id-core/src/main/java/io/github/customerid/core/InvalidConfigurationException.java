package io.github.customerid.core;

/**
 * Thrown when a configuration value is not acceptable: a prefix, a width, a sequence name, a block
 * size. The message names the setting and the rejected value.
 */
public class InvalidConfigurationException extends CustomerIdException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the values involved
   */
  public InvalidConfigurationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong, naming the values involved
   * @param cause the underlying failure
   */
  public InvalidConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
