package io.github.customerid.cli;

import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.github.customerid.core.CounterConflictException;
import io.github.customerid.core.CustomerIdException;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.core.InvalidIdException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code customer-id}: the operator's command line for sequential customer IDs in MongoDB.
 *
 * <pre>
 * java -jar customer-id-cli.jar demo
 * java -jar customer-id-cli.jar migrate --uri mongodb://host/shop --dry-run
 * java -jar customer-id-cli.jar verify --uri mongodb://host/shop --json
 * </pre>
 *
 * <p>Subcommands: {@code migrate}, {@code verify}, {@code init}, {@code next}, {@code peek}, {@code
 * reconcile}, {@code demo}. Exit codes are listed in {@link ExitCodes}. Errors are one line on stderr
 * (a stack trace only with {@code --verbose}); credentials in the URI are never printed.
 */
@Command(name = "customer-id",
    mixinStandardHelpOptions = true,
    versionProvider = CustomerIdCli.Version.class,
    description = "Sequential, never-duplicated customer IDs (PL1, PL2, ...) in MongoDB:"
        + " migrate existing customers, verify, and manage the counter.",
    subcommands = {
        MigrateCommand.class, VerifyCommand.class, InitCommand.class, NextCommand.class,
        PeekCommand.class, ReconcileCommand.class, DemoCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:verify found errors",
        "2:bad input (option, URI, prefix, number)",
        "3:MongoDB unreachable or credentials refused",
        "4:refused: the counter would move backwards (init without --force)",
        "5:database or counter state prevents the command",
        "70:internal error (a bug)"},
    footer = "%nConnection: --uri or $" + ConnectionOptions.URI_ENV
        + "; the database comes from the URI or --database.")
public final class CustomerIdCli implements Runnable {

  @Spec
  CommandSpec spec;

  /** Creates the root command; picocli instantiates it. */
  public CustomerIdCli() {}

  /**
   * Runs the tool and exits the JVM with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    configureLogging(args);
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = commandLine(out, err, System.console() != null).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Builds the command line with its error handling, writing to the given streams: what {@link
   * #main} runs, and what tests drive in-process.
   *
   * @param out where results go
   * @param err where progress, warnings and errors go
   * @param terminal whether {@code err} is a terminal (progress bar) or not (log lines)
   * @return the configured command line; call {@code execute(args)} for the exit code
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean terminal) {
    CommandLine cl = new CommandLine(new CustomerIdCli());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(CustomerIdCli::onBadParameter);
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) ->
        onFailure(e, commandLine));
    for (CommandLine sub : cl.getSubcommands().values()) {
      Object command = sub.getCommand();
      if (command instanceof TerminalAware) {
        ((TerminalAware) command).terminal(terminal);
      }
    }
    return cl;
  }

  /** Prints usage when called without a subcommand. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing a command (migrate, verify, init,"
        + " next, peek, reconcile, demo)");
  }

  private static int onBadParameter(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("customer-id: " + Redaction.forUri(uriIn(args)).apply(e.getMessage()));
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    return ExitCodes.USAGE;
  }

  private static String uriIn(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--uri") && i + 1 < args.length) {
        return args[i + 1];
      }
      if (args[i].startsWith("--uri=")) {
        return args[i].substring("--uri=".length());
      }
    }
    return System.getenv(ConnectionOptions.URI_ENV);
  }

  private static int onFailure(Exception e, CommandLine cl) {
    Object command = cl.getCommand();
    ConnectionOptions options = command instanceof HasConnection
        ? ((HasConnection) command).connection() : null;
    Redaction redaction = options != null ? options.redaction() : Redaction.none();
    boolean verbose = options != null && options.verbose;
    PrintWriter err = cl.getErr();
    int code = exitCode(e);
    String message = describe(e, options);
    err.println("customer-id " + cl.getCommandName() + ": error: " + redaction.apply(message));
    if (verbose) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(redaction.apply(trace.toString()));
    }
    err.flush();
    return code;
  }

  static int exitCode(Throwable e) {
    if (e instanceof UsageProblem || e instanceof InvalidConfigurationException
        || e instanceof InvalidIdException || e instanceof IllegalArgumentException) {
      return ExitCodes.USAGE;
    }
    if (unreachable(e) != null) {
      return ExitCodes.UNREACHABLE;
    }
    if (e instanceof CounterConflictException) {
      return ExitCodes.CONFLICT;
    }
    if (e instanceof CustomerIdException || e instanceof com.mongodb.MongoException) {
      return ExitCodes.DATA;
    }
    return ExitCodes.INTERNAL;
  }

  private static Throwable unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MongoTimeoutException || t instanceof MongoSocketException
          || t instanceof MongoSecurityException) {
        return t;
      }
    }
    return null;
  }

  private static String describe(Exception e, ConnectionOptions options) {
    Throwable cause = unreachable(e);
    String hosts = options != null ? hostsOf(options) : "the server";
    if (cause instanceof MongoSecurityException) {
      return "MongoDB at " + hosts + " refused the credentials given in the URI";
    }
    if (cause != null) {
      return "cannot reach MongoDB at " + hosts
          + (options != null ? " within " + options.timeoutSeconds + " s" : "")
          + " (" + cause.getClass().getSimpleName() + "); check --uri and that the server runs";
    }
    if (exitCode(e) == ExitCodes.INTERNAL) {
      return "unexpected " + e.getClass().getName() + ": " + e.getMessage()
          + " (run with --verbose for details)";
    }
    return e.getMessage();
  }

  private static String hostsOf(ConnectionOptions options) {
    try {
      return String.join(",", new com.mongodb.ConnectionString(options.effectiveUri()).getHosts());
    } catch (IllegalArgumentException e) {
      return "the server";
    }
  }

  private static void configureLogging(String[] args) {
    boolean verbose = false;
    for (String a : args) {
      verbose |= a.equals("-v") || a.equals("--verbose");
    }
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.io.github.customerid", verbose ? "debug" : "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.org.mongodb.driver", verbose ? "info" : "error");
    setIfAbsent("org.slf4j.simpleLogger.log.de.bwaldvogel", verbose ? "info" : "error");
    setIfAbsent("org.slf4j.simpleLogger.log.io.netty", "error");
    setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
    setIfAbsent("org.slf4j.simpleLogger.showLogName", "false");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** A command that uses the shared connection options. */
  interface HasConnection {
    /**
     * Returns the command's connection options.
     *
     * @return the options
     */
    ConnectionOptions connection();
  }

  /** A command that draws differently on a terminal. */
  interface TerminalAware {
    /**
     * Tells the command whether stderr is a terminal.
     *
     * @param terminal {@code true} on a terminal
     */
    void terminal(boolean terminal);
  }

  /** Reports the version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = CustomerIdCli.class.getPackage().getImplementationVersion();
      return new String[] {"customer-id " + (v != null ? v : "(development build)")};
    }
  }
}
