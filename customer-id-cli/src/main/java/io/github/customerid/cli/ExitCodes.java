package io.github.customerid.cli;

/**
 * The exit codes of {@code customer-id}, one per kind of outcome so that scripts can react.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>success (for {@code verify}: no errors found)</td></tr>
 *   <tr><td>1</td><td>{@code verify} (or {@code demo}) found errors in the data or the counter</td></tr>
 *   <tr><td>2</td><td>bad input: unknown option, malformed value, malformed URI, bad prefix, negative
 *       {@code --last}</td></tr>
 *   <tr><td>3</td><td>MongoDB unreachable or refused the credentials (within {@code --timeout}
 *       seconds)</td></tr>
 *   <tr><td>4</td><td>refused: the counter would move backwards ({@code init} without
 *       {@code --force})</td></tr>
 *   <tr><td>5</td><td>the database or the counter is in a state the command cannot work with (corrupt
 *       counter, failed write, exhausted counter)</td></tr>
 *   <tr><td>70</td><td>an unexpected internal error (a bug: please report it with {@code
 *       --verbose})</td></tr>
 * </table>
 */
public final class ExitCodes {

  /** Success. */
  public static final int OK = 0;
  /** {@code verify} found errors. */
  public static final int VERIFY_FAILED = 1;
  /** Bad input on the command line. */
  public static final int USAGE = 2;
  /** MongoDB could not be reached or refused the credentials. */
  public static final int UNREACHABLE = 3;
  /** The counter would move backwards. */
  public static final int CONFLICT = 4;
  /** The database or counter cannot be worked with. */
  public static final int DATA = 5;
  /** A bug. */
  public static final int INTERNAL = 70;

  private ExitCodes() {}
}
