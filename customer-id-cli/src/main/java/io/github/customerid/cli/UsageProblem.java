package io.github.customerid.cli;

/** Bad input found while running a command (after parsing): mapped to {@link ExitCodes#USAGE}. */
final class UsageProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UsageProblem(String message) {
    super(message);
  }
}
