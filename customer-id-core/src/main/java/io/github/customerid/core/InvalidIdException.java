package io.github.customerid.core;

/**
 * Thrown when a string is not a valid, canonical ID of an {@link IdFormat}. The message says what is
 * wrong and at which index; {@link #input()} and {@link #errorIndex()} give the same facts to programs.
 */
public class InvalidIdException extends CustomerIdException {

  private static final long serialVersionUID = 1L;

  /** The rejected input, or {@code "null"} when it was null. */
  private final String input;
  /** Index of the first offending character, or -1 when the input as a whole is at fault. */
  private final int errorIndex;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the index
   * @param input the rejected input, or {@code "null"} when it was null
   * @param errorIndex index of the first offending character in {@code input}, or -1 when the input as
   *     a whole is at fault (null, empty)
   */
  public InvalidIdException(String message, String input, int errorIndex) {
    super(message);
    this.input = input;
    this.errorIndex = errorIndex;
  }

  /**
   * Returns the rejected input. {@link IdFormat} passes the input as given, cut to its first 256
   * characters when longer, so that an exception never holds (or prints) a huge input.
   *
   * @return the input as given to the constructor, or {@code "null"} when it was null
   */
  public String input() {
    return input;
  }

  /**
   * Returns where the input first went wrong.
   *
   * @return the index of the first offending character, or -1 when the input as a whole is at fault
   */
  public int errorIndex() {
    return errorIndex;
  }
}
