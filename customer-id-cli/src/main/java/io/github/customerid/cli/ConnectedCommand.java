package io.github.customerid.cli;

import io.github.customerid.cli.CustomerIdCli.HasConnection;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A subcommand that works on the customers and the counter in MongoDB: it takes the shared
 * {@link ConnectionOptions}, checks its own options, then runs its body on a session that is open
 * for the body's duration only. A subclass keeps only its options and its body.
 *
 * <p>Nothing is caught here: whatever the check or the body throws reaches the error handling of
 * {@link CustomerIdCli}, which turns it into the exit code and the one-line message, naming the URI's
 * source and the timeout from {@link #connection()}.
 */
abstract class ConnectedCommand implements Callable<Integer>, HasConnection {

  @Mixin
  ConnectionOptions connection;

  @Spec
  CommandSpec spec;

  @Override
  public final ConnectionOptions connection() {
    return connection;
  }

  /**
   * Checks the command's own options, opens the session, runs the body and closes the session.
   *
   * @return the body's exit code
   */
  @Override
  public final Integer call() {
    checkOptions();
    try (ConnectionOptions.Session session = connection.open(readOnly())) {
      return run(session);
    }
  }

  /**
   * Rejects a bad value of the command's own options before the connection options are looked at;
   * none by default.
   *
   * @throws ParameterException naming the option and the value
   */
  void checkOptions() {}

  /** Whether the command only reads: its session then never creates an index. Default: no. */
  boolean readOnly() {
    return false;
  }

  /**
   * The command's work on an open session.
   *
   * @param session the connection and what is built on it, closed after this returns
   * @return the exit code, one of {@link ExitCodes}
   */
  abstract int run(ConnectionOptions.Session session);

  /** A bad value of one of the command's own options, for {@link #checkOptions()}. */
  ParameterException badOption(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** Where results go. */
  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Where warnings go. */
  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
