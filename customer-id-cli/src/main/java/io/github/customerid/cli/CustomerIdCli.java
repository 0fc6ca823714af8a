package io.github.customerid.cli;

import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.github.customerid.core.CounterConflictException;
import io.github.customerid.core.CustomerIdException;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.core.InvalidIdException;
import io.github.customerid.core.spi.StoreArguments;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.bson.Document;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code customer-id}: the operator's command line for sequential customer IDs in MongoDB.
 *
 * <pre>
 * alias customer-id='java -jar customer-id-cli/target/customer-id-cli.jar'
 * customer-id demo
 * customer-id migrate --uri mongodb://host/shop --dry-run
 * customer-id verify --uri mongodb://host/shop --json
 * </pre>
 *
 * <p>Subcommands: {@code migrate}, {@code verify}, {@code index}, {@code init}, {@code next}, {@code
 * peek}, {@code reconcile}, {@code serve}, {@code demo}. Exit codes are listed in {@link ExitCodes}.
 * Every error is one line on stderr, {@code customer-id <command>: error: <message>} (a stack trace
 * only with {@code --verbose}); with {@code --json}, stdout gets a JSON error object as well.
 * Credentials in the URI are never printed.
 */
@Command(name = "customer-id",
    mixinStandardHelpOptions = true,
    versionProvider = CustomerIdCli.Version.class,
    description = "Sequential, never-duplicated customer IDs (PL1, PL2, ...) in MongoDB:"
        + " migrate existing customers, verify, and manage the counter.",
    subcommands = {
        MigrateCommand.class, VerifyCommand.class, IndexCommand.class, InitCommand.class,
        NextCommand.class, PeekCommand.class, ReconcileCommand.class, ServeCommand.class,
        DemoCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:verify found errors",
        "2:bad input (option, URI, prefix, number)",
        "3:MongoDB unreachable or credentials refused",
        "4:refused: the counter would move backwards (init without --force)",
        "5:database or counter state prevents the command",
        "70:internal error (a bug)"},
    footer = {"", "Connection: --uri, else $" + ConnectionOptions.URI_ENV + ", else "
        + ConnectionOptions.DEFAULT_URI + ".",
        "The database comes from the URI or --database.",
        "No MongoDB at hand? 'customer-id serve' starts an embedded one."})
public final class CustomerIdCli implements Runnable {

  /** Wide enough that no option's description breaks a URI or a file name. */
  private static final int USAGE_WIDTH = 100;

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
    Map<String, String> env = System.getenv();
    // Everything printed, including the driver's own log lines, passes through the redaction.
    Redaction redaction = Redaction.forUri(uriIn(args, env));
    System.setOut(RedactingStream.wrap(System.out, redaction));
    System.setErr(RedactingStream.wrap(System.err, redaction));
    configureLogging(args);
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = commandLine(out, err, System.console() != null, env).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Builds the command line with its error handling, writing to the given streams and reading the
   * process environment.
   *
   * @param out where results go
   * @param err where progress, warnings and errors go
   * @param terminal whether {@code err} is a terminal (progress bar) or not (log lines)
   * @return the configured command line; call {@code execute(args)} for the exit code
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean terminal) {
    return commandLine(out, err, terminal, System.getenv());
  }

  /**
   * Builds the command line with its error handling: what {@link #main} runs, and what tests drive
   * in-process with an environment of their own.
   *
   * @param out where results go
   * @param err where progress, warnings and errors go
   * @param terminal whether {@code err} is a terminal (progress bar) or not (log lines)
   * @param env the environment variables to read ({@value ConnectionOptions#URI_ENV})
   * @return the configured command line; call {@code execute(args)} for the exit code
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean terminal,
      Map<String, String> env) {
    CommandLine cl = new CommandLine(new CustomerIdCli());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setUsageHelpWidth(USAGE_WIDTH);
    cl.setUsageHelpLongOptionsMaxWidth(30);
    cl.setParameterExceptionHandler((e, args) -> onBadParameter(e, args, env));
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) ->
        onFailure(e, commandLine, parseResult.originalArgs().toArray(String[]::new)));
    for (CommandLine sub : cl.getSubcommands().values()) {
      Object command = sub.getCommand();
      if (command instanceof TerminalAware t) {
        t.terminal(terminal);
      }
      if (command instanceof HasConnection c) {
        c.connection().environment(env);
      }
    }
    return cl;
  }

  /** Prints usage when called without a subcommand. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing a command (migrate, verify, index,"
        + " init, next, peek, reconcile, serve, demo)");
  }

  private static int onBadParameter(ParameterException e, String[] args, Map<String, String> env) {
    CommandLine cl = e.getCommandLine();
    String name = cl.getCommandSpec().qualifiedName();
    String message = Redaction.forUri(uriIn(args, env)).apply(unknownCommand(e)
        .orElse(e.getMessage())) + " (see '" + name + " --help')";
    return report(cl, args, name, ExitCodes.USAGE, message, null, Redaction.forUri(
        uriIn(args, env)));
  }

  /**
   * Names a word where a command was expected, {@code unknown command 'bogus'}, with picocli's
   * suggestion of a near command; empty for any other parameter error.
   */
  private static Optional<String> unknownCommand(ParameterException e) {
    if (!(e instanceof UnmatchedArgumentException unmatched)
        || unmatched.getCommandLine().getSubcommands().isEmpty()
        || unmatched.getUnmatched().isEmpty()) {
      return Optional.empty();
    }
    String word = unmatched.getUnmatched().get(0);
    if (word.startsWith("-")) {
      return Optional.empty();
    }
    List<String> near = unmatched.getSuggestions();
    return Optional.of("unknown command " + quoted(word)
        + (near.isEmpty() ? "" : "; did you mean " + quoted(near.get(0)) + "?"));
  }

  /** A value as picocli's own messages show it, in single quotes, shortened and escaped. */
  private static String quoted(String value) {
    String q = StoreArguments.quote(value); // "value" or "value"... (N characters)
    int close = q.lastIndexOf('"');
    return "'" + q.substring(1, close) + "'" + q.substring(close + 1);
  }

  private static int onFailure(Exception e, CommandLine cl, String[] args) {
    Object command = cl.getCommand();
    ConnectionOptions options = command instanceof HasConnection c ? c.connection() : null;
    Redaction redaction = options != null ? options.redaction() : Redaction.none();
    int code = exitCode(e);
    String message = redaction.apply(describe(e, options));
    if (code == ExitCodes.USAGE) {
      message += " (see '" + cl.getCommandSpec().qualifiedName() + " --help')";
    }
    boolean verbose = options != null ? options.verbose : hasFlag(args, "-v", "--verbose");
    return report(cl, args, cl.getCommandSpec().qualifiedName(), code, message,
        verbose ? e : null, redaction);
  }

  /** The one error shape: one line on stderr, and a JSON object on stdout with --json. */
  private static int report(CommandLine cl, String[] args, String command, int code,
      String message, Throwable trace, Redaction redaction) {
    PrintWriter err = cl.getErr();
    err.println(command + ": error: " + message);
    if (trace != null) {
      StringWriter text = new StringWriter();
      trace.printStackTrace(new PrintWriter(text));
      err.print(redaction.apply(text.toString()));
    }
    err.flush();
    if (hasFlag(args, "--json")) {
      PrintWriter out = cl.getOut();
      out.println(new Document("ok", false).append("command", command).append("exitCode", code)
          .append("error", message).toJson());
      out.flush();
    }
    return code;
  }

  private static boolean hasFlag(String[] args, String... flags) {
    for (String a : args) {
      if (a.equals("--")) {
        return false;
      }
      for (String f : flags) {
        if (a.equals(f)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String uriIn(String[] args, Map<String, String> env) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--uri") && i + 1 < args.length) {
        return args[i + 1];
      }
      if (args[i].startsWith("--uri=")) {
        return args[i].substring("--uri=".length());
      }
    }
    return env.get(ConnectionOptions.URI_ENV);
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
    if (e instanceof DataProblem || e instanceof CustomerIdException
        || e instanceof com.mongodb.MongoException) {
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
    String source = options != null ? options.uriSource() : "--uri";
    if (cause instanceof MongoSecurityException) {
      return "MongoDB at " + hosts + " refused the credentials in the URI of " + source;
    }
    if (cause != null) {
      return "cannot reach MongoDB at " + hosts
          + (options != null ? " within " + options.timeoutSeconds + " s" : "")
          + " (" + cause.getClass().getSimpleName() + "); check the URI of " + source
          + " and that the server runs";
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
    boolean verbose = hasFlag(args, "-v", "--verbose");
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

  /** Reports the version the jar was built as (from {@code version.properties}, filtered by Maven). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"customer-id " + version()};
    }

    static String version() {
      try (InputStream in = CustomerIdCli.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          throw new IllegalStateException("version.properties is missing from the jar");
        }
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
