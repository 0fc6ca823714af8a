package io.github.customerid.cli;

import io.github.customerid.core.InvalidConfigurationException;
import java.util.function.Supplier;

/** Bad input found while running a command (after parsing): mapped to {@link ExitCodes#USAGE}. */
final class UsageProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UsageProblem(String message) {
    super(message);
  }

  /**
   * Runs a step that applies one option's value, and turns its rejection into a message that names
   * the option: {@code bad --batch-size: batch size must be between 1 and 100000, was 0}.
   */
  static <T> T forOption(String option, Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException | InvalidConfigurationException e) {
      throw new UsageProblem("bad " + option + ": " + e.getMessage());
    }
  }
}
