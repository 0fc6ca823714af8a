package io.github.customerid.cli;

/**
 * The database is in a state the command cannot work with (an incompatible index, for example):
 * mapped to {@link ExitCodes#DATA}.
 */
final class DataProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  DataProblem(String message, Throwable cause) {
    super(message, cause);
  }
}
