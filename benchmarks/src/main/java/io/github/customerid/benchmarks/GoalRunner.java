package io.github.customerid.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs the benchmarks and prints one table of every goal figure (see benchmarks/README.md): benchmark,
 * threads, score ± error, baseline, ratio, goal, met. Every ratio compares two results of the same JMH
 * run (one {@code Runner.run} per benchmark class and thread count, with the baseline as one value of
 * the class's {@code impl} parameter), because on a shared machine only ratios within a run hold.
 *
 * <pre>{@code
 * benchmarks/run.sh                 # short profile, < 10 min on 2 cores
 * benchmarks/run.sh --long          # release-quality numbers
 * benchmarks/run.sh --only 1,4      # some scenarios only
 * }</pre>
 *
 * <p>Arguments: {@code --profile smoke|short|long}, {@code --only ID[,ID…]} (scenario ids: 1 2 3 3p 4
 * 5; 5 is measured by the run of 1), {@code --threads N[,N…]}, {@code --rounds N} (instead of the
 * profile's), {@code --out DIR}. JMH's own output of
 * each run goes to a log file in the output directory, with its JSON results; the table is printed
 * and written there as {@code results.md}.
 *
 * <p>One file, though long: it is a command-line tool of this never-published module, not library
 * code, and the scenarios, their goals, the runs and the reading of JMH's results are changed together
 * whenever a goal or a scenario changes.
 */
public final class GoalRunner {

  /**
   * How long to measure. Each profile runs every benchmark class {@code rounds} times, one fork per
   * round, the order of the contenders reversed every other round: on a shared machine the load drifts
   * over seconds, so a ratio is taken within a round (baseline and contender measured seconds apart)
   * and the rounds' ratios are then combined. The short profile must finish in under 10 minutes on 2
   * cores.
   */
  public enum Profile {
    /** CI: no fork, one round, one 100 ms iteration, one thread, scenario 1 only. */
    SMOKE(1, 0, 0, 0, 1, 100, new int[] {1}),
    /** One round of one fork; 2 × 250 ms warm-up, 5 × 250 ms measurement. */
    SHORT(1, 1, 2, 250, 5, 250, new int[] {1, 2, 4, 8}),
    /** Three rounds of one fork; 5 × 1 s warm-up, 5 × 1 s measurement: for a release note. */
    LONG(3, 1, 5, 1000, 5, 1000, new int[] {1, 2, 4, 8});

    final int rounds;
    final int forks;
    final int warmupIterations;
    final int warmupMillis;
    final int measurementIterations;
    final int measurementMillis;
    final int[] threads;

    Profile(int rounds, int forks, int warmupIterations, int warmupMillis,
        int measurementIterations, int measurementMillis, int[] threads) {
      this.rounds = rounds;
      this.forks = forks;
      this.warmupIterations = warmupIterations;
      this.warmupMillis = warmupMillis;
      this.measurementIterations = measurementIterations;
      this.measurementMillis = measurementMillis;
      this.threads = threads;
    }
  }

  /** What a row compares. */
  enum Metric {
    /** The primary score (ops per time unit, or mean time). */
    SCORE,
    /** The 99th percentile of a {@code SampleTime} run. */
    P99,
    /** The 99.99th percentile of a {@code SampleTime} run. */
    P9999,
    /**
     * Of a {@code SampleTime} run: calls per million that took longer than {@link #SLOW_NANOS}, far
     * above any percentile a call that ran to the end reaches here and far below a scheduler time
     * slice, so it counts the calls that were descheduled (or waited for the store).
     */
    SLOW,
    /** Bytes allocated per operation, from JMH's GC profiler. */
    ALLOC,
    /**
     * CPU time of the benchmark threads per operation ({@link CpuTimeProfiler}), shown as a throughput:
     * the ratio is the baseline's CPU time per operation over the contender's.
     */
    CPU,
    /**
     * Block refills a caller waited for ({@link CallerWaits}), summed over the measured iterations:
     * shown for the contender alone, with the time callers spent waiting.
     */
    WAITS
  }

  /**
   * A goal from the "Scenarios and goals" table in the benchmarks README, or an informative
   * comparison when {@code goal} is null; {@code id} overrides the scenario's id in the table (5 is
   * read from the runs of 1).
   */
  record Check(String id, Metric metric, String contender, String baseline, Goal goal,
      IntPredicate judgedAt) {

    static Check info(Metric metric, String contender, String baseline) {
      return new Check(null, metric, contender, baseline, null, t -> false);
    }

    static Check goal(Metric metric, String contender, String baseline, Goal goal) {
      return new Check(null, metric, contender, baseline, goal, t -> true);
    }

    Check onlyAt(int threads) {
      return new Check(id, metric, contender, baseline, goal, t -> t == threads);
    }

    Check as(String scenarioId) {
      return new Check(scenarioId, metric, contender, baseline, goal, judgedAt);
    }

    String scenario(String scenarioId) {
      return id != null ? id : scenarioId;
    }
  }

  /** A bound on the ratio contender / baseline, or on the difference for allocation. */
  record Goal(String text, Judge judge) {

    static Goal ratioAtLeast(double min) {
      return new Goal("≥ " + plain(min) + "×", (c, b, ratio) -> ratio >= min);
    }

    static Goal ratioAtMost(double max) {
      return new Goal("≤ " + plain(max) + "×", (c, b, ratio) -> ratio <= max);
    }

    private static String plain(double d) {
      return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** At most {@code slack} bytes per operation more than the baseline. */
    static Goal bytesAtMostBaseline(double slack) {
      return new Goal("≤ baseline B/op", (c, b, ratio) -> c <= b + slack);
    }
  }

  /**
   * Decides whether a goal is met, from the contender's and the baseline's figures over all rounds and
   * the median of the rounds' ratios.
   */
  @FunctionalInterface
  interface Judge {
    boolean met(double contender, double baseline, double ratio);
  }

  /**
   * One benchmark class, run at every thread count, and the checks read from its runs. The contenders
   * are the constants of the class's nested {@code Impl} enum unless {@code params} names some.
   */
  record Scenario(String id, String benchmarkClass, boolean gcProfiler, List<String> params,
      List<Check> checks) {

    String simpleName() {
      return benchmarkClass.substring(benchmarkClass.lastIndexOf('.') + 1);
    }

    List<String> impls() {
      if (!params.isEmpty()) {
        return params;
      }
      try {
        Object[] constants = Class.forName(benchmarkClass + "$Impl").getEnumConstants();
        return Arrays.stream(constants).map(Object::toString).collect(Collectors.toList());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(benchmarkClass + " has no nested enum Impl", e);
      }
    }
  }

  /** One line of the table. */
  record Row(String scenario, String benchmark, int threads, String score, String baseline,
      String ratio, String goal, String met) {}

  private static final String PACKAGE = "io.github.customerid.benchmarks.";

  /** The bound of {@link Metric#SLOW}. */
  static final double SLOW_NANOS = 50_000;

  private static final List<Scenario> SCENARIOS = List.of(
      new Scenario("1", PACKAGE + "MemoryStrictBenchmark", true, List.of(),
          List.of(Check.goal(Metric.SCORE, "ALLOCATOR_STRICT", "ATOMIC_LONG_CONCAT",
                  Goal.ratioAtLeast(0.5)),
              Check.info(Metric.CPU, "ALLOCATOR_STRICT", "ATOMIC_LONG_CONCAT"),
              // 5 is read from the GC profiler attached to the runs of 1.
              Check.goal(Metric.ALLOC, "ALLOCATOR_STRICT", "ATOMIC_LONG_CONCAT",
                  Goal.bytesAtMostBaseline(1.0)).as("5"))),
      new Scenario("2", PACKAGE + "MongoStrictBenchmark", false, List.of(),
          List.of(Check.goal(Metric.SCORE, "ALLOCATOR_STRICT", "DRIVER_FIND_ONE_AND_UPDATE",
              Goal.ratioAtLeast(0.9)))),
      new Scenario("3", PACKAGE + "MongoBlockBenchmark", false, List.of(),
          List.of(Check.info(Metric.SCORE, "BLOCK_10", "STRICT"),
              Check.info(Metric.SCORE, "BLOCK_100", "STRICT"),
              Check.goal(Metric.SCORE, "BLOCK_1000", "STRICT", Goal.ratioAtLeast(50))
                  .onlyAt(4),
              Check.info(Metric.SCORE, "BLOCK_1000", "MEMORY_STRICT"),
              // Block mode at in-memory speed: the adaptive chain against the memory store.
              Check.goal(Metric.SCORE, "BLOCK_ADAPTIVE", "MEMORY_STRICT", Goal.ratioAtLeast(0.5)),
              Check.info(Metric.WAITS, "BLOCK_1000", "BLOCK_1000"),
              Check.info(Metric.WAITS, "BLOCK_ADAPTIVE", "BLOCK_ADAPTIVE"))),
      new Scenario("3p", PACKAGE + "BlockLatencyBenchmark", false,
          List.of("MEMORY_STRICT", "MONGO_BLOCK_1000", "MONGO_BLOCK_ADAPTIVE",
              "MEMORY_STRICT_BESIDE_MONGO"),
          List.of(Check.goal(Metric.P99, "MONGO_BLOCK_1000", "MEMORY_STRICT",
                  Goal.ratioAtMost(5)),
              Check.info(Metric.P9999, "MONGO_BLOCK_1000", "MEMORY_STRICT"),
              Check.goal(Metric.P99, "MONGO_BLOCK_ADAPTIVE", "MEMORY_STRICT",
                  Goal.ratioAtMost(2)),
              Check.goal(Metric.P9999, "MONGO_BLOCK_ADAPTIVE", "MEMORY_STRICT",
                  Goal.ratioAtMost(10)),
              Check.info(Metric.WAITS, "MONGO_BLOCK_1000", "MONGO_BLOCK_1000"),
              Check.info(Metric.WAITS, "MONGO_BLOCK_ADAPTIVE", "MONGO_BLOCK_ADAPTIVE"),
              // The control: the baseline's own code with the embedded server idle in its JVM, and
              // how many calls of each were descheduled.
              Check.info(Metric.P99, "MEMORY_STRICT_BESIDE_MONGO", "MEMORY_STRICT"),
              Check.info(Metric.P9999, "MEMORY_STRICT_BESIDE_MONGO", "MEMORY_STRICT"),
              Check.info(Metric.P9999, "MONGO_BLOCK_ADAPTIVE", "MEMORY_STRICT_BESIDE_MONGO"),
              Check.info(Metric.SLOW, "MEMORY_STRICT_BESIDE_MONGO", "MEMORY_STRICT"),
              Check.info(Metric.SLOW, "MONGO_BLOCK_ADAPTIVE", "MEMORY_STRICT"))),
      // The Micrometer listener's cost in scenarios 1 and 3, with and without it.
      new Scenario("1m", PACKAGE + "MetricsOverheadBenchmark", true,
          List.of("MEMORY_STRICT", "MEMORY_STRICT_EMPTY_LISTENER", "MEMORY_STRICT_LONG_ADDER",
              "MEMORY_STRICT_METRICS"),
          List.of(Check.goal(Metric.SCORE, "MEMORY_STRICT_METRICS", "MEMORY_STRICT",
                  Goal.ratioAtLeast(0.95)),
              Check.info(Metric.SCORE, "MEMORY_STRICT_EMPTY_LISTENER", "MEMORY_STRICT"),
              // CPU time per operation ignores time descheduled: the steadier figure on a busy box.
              Check.info(Metric.CPU, "MEMORY_STRICT_METRICS", "MEMORY_STRICT"),
              Check.info(Metric.CPU, "MEMORY_STRICT_EMPTY_LISTENER", "MEMORY_STRICT"),
              Check.info(Metric.CPU, "MEMORY_STRICT_LONG_ADDER", "MEMORY_STRICT"),
              Check.goal(Metric.ALLOC, "MEMORY_STRICT_METRICS", "MEMORY_STRICT",
                  Goal.bytesAtMostBaseline(1.0)))),
      new Scenario("3m", PACKAGE + "MetricsOverheadBenchmark", true,
          List.of("MONGO_BLOCK_1000", "MONGO_BLOCK_1000_METRICS"),
          List.of(Check.goal(Metric.SCORE, "MONGO_BLOCK_1000_METRICS", "MONGO_BLOCK_1000",
                  Goal.ratioAtLeast(0.95)),
              Check.info(Metric.CPU, "MONGO_BLOCK_1000_METRICS", "MONGO_BLOCK_1000"),
              // The embedded server allocates in the benchmark's JVM: shown, not judged.
              Check.info(Metric.ALLOC, "MONGO_BLOCK_1000_METRICS", "MONGO_BLOCK_1000"))),
      new Scenario("4", PACKAGE + "FormatBenchmark", false, List.of(),
          List.of(Check.goal(Metric.SCORE, "FORMAT", "CONCAT", Goal.ratioAtLeast(0.5)),
              Check.info(Metric.CPU, "FORMAT", "CONCAT"),
              Check.goal(Metric.SCORE, "FORMAT_CHECK_DIGIT", "CONCAT", Goal.ratioAtLeast(0.5)),
              Check.info(Metric.CPU, "FORMAT_CHECK_DIGIT", "CONCAT"))),
      new Scenario("4", PACKAGE + "ParseBenchmark", false, List.of(),
          List.of(Check.goal(Metric.SCORE, "PARSE", "PARSE_LONG", Goal.ratioAtLeast(0.5)),
              Check.info(Metric.CPU, "PARSE", "PARSE_LONG"),
              Check.goal(Metric.SCORE, "PARSE_CHECK_DIGIT", "PARSE_LONG", Goal.ratioAtLeast(0.5)),
              Check.info(Metric.CPU, "PARSE_CHECK_DIGIT", "PARSE_LONG"))));

  private final Profile profile;
  private final int rounds;
  private final int[] threads;
  private final Set<String> only;
  private final Path out;
  private final PrintStream console;

  GoalRunner(Profile profile, int rounds, int[] threads, Set<String> only, Path out,
      PrintStream console) {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
    }
    this.profile = profile;
    this.rounds = rounds;
    this.threads = threads;
    this.only = only;
    this.out = out;
    this.console = console;
  }

  /**
   * Runs the selected scenarios and prints the table.
   *
   * @param args see the class documentation
   * @throws Exception if JMH fails
   */
  public static void main(String[] args) throws Exception {
    Profile profile = Profile.SHORT;
    int[] threads = null;
    int rounds = 0;
    Set<String> only = new TreeSet<>();
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--profile" -> profile = Profile.valueOf(args[++i].toUpperCase(Locale.ROOT));
        case "--threads" -> threads = Arrays.stream(args[++i].split(","))
            .mapToInt(Integer::parseInt).toArray();
        case "--only" -> only.addAll(Arrays.asList(args[++i].split(",")));
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--out" -> out = Paths.get(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; expected --profile smoke|short|long, --only IDS, --threads N,N, --rounds N,"
            + " --out DIR");
      }
    }
    if (out == null) {
      out = Paths.get("target", "benchmark-results",
          DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
              .format(Instant.now()));
    }
    List<Row> rows = new GoalRunner(profile, rounds > 0 ? rounds : profile.rounds,
        threads != null ? threads : profile.threads, only, out, System.out).run();
    long unmet = rows.stream().filter(r -> r.met().equals("no")).count();
    System.out.println(unmet == 0 ? "All goals met." : unmet + " goal(s) not met.");
  }

  /**
   * Runs every selected scenario at every thread count, {@code rounds} times, and returns the
   * table's rows, after printing the table and writing it to {@code results.md} in the output
   * directory.
   */
  List<Row> run() throws RunnerException, IOException {
    Files.createDirectories(out);
    List<Scenario> selected = SCENARIOS.stream()
        .filter(s -> profile != Profile.SMOKE || s.id().equals("1"))
        .filter(s -> only.isEmpty() || only.contains(s.id())
            || s.checks().stream().anyMatch(c -> only.contains(c.scenario(s.id()))))
        .collect(Collectors.toList());
    // results.get(scenario index).get(threads index) = one map impl -> result per round
    List<List<List<Map<String, RunResult>>>> results = new ArrayList<>();
    for (int i = 0; i < selected.size(); i++) {
      List<List<Map<String, RunResult>>> perThreads = new ArrayList<>();
      for (int j = 0; j < threads.length; j++) {
        perThreads.add(new ArrayList<>());
      }
      results.add(perThreads);
    }
    int total = rounds * selected.size() * threads.length;
    int done = 0;
    Instant start = Instant.now();
    // Rounds outermost: the rounds of one configuration are minutes apart, under different load.
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < selected.size(); i++) {
        Scenario s = selected.get(i);
        for (int j = 0; j < threads.length; j++) {
          done++;
          console.printf(Locale.ROOT, "[%d/%d] round %d, %s, %d thread(s) … ", done, total,
              round + 1, s.simpleName(), threads[j]);
          console.flush();
          Instant runStart = Instant.now();
          results.get(i).get(j).add(runOnce(s, threads[j], round));
          console.printf(Locale.ROOT, "%d s%n", secondsSince(runStart));
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < selected.size(); i++) {
      Scenario s = selected.get(i);
      for (Check c : s.checks()) {
        for (int j = 0; j < threads.length; j++) {
          rows.add(row(s.id(), c, threads[j], results.get(i).get(j)));
        }
      }
    }
    rows.sort(Comparator.comparing(Row::scenario));
    String table = table(rows, secondsSince(start));
    console.println();
    console.print(table);
    Files.writeString(out.resolve("results.md"), table, StandardCharsets.UTF_8);
    return rows;
  }

  private Map<String, RunResult> runOnce(Scenario s, int t, int round) throws RunnerException {
    // Scenarios 1m and 3m share a class: the scenario id keeps their files apart.
    String base = s.id() + "-" + s.simpleName() + "-t" + t + "-r" + (round + 1);
    List<String> impls = new ArrayList<>(s.impls());
    if (round % 2 == 1) {
      Collections.reverse(impls);
    }
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include("^" + Pattern.quote(s.benchmarkClass()) + "\\.")
        .param("impl", impls.toArray(new String[0]))
        .threads(t)
        .forks(profile.forks)
        .warmupIterations(profile.warmupIterations)
        .warmupTime(TimeValue.milliseconds(Math.max(1, profile.warmupMillis)))
        .measurementIterations(profile.measurementIterations)
        .measurementTime(TimeValue.milliseconds(profile.measurementMillis))
        .timeout(TimeValue.minutes(2))
        .shouldFailOnError(true)
        // Pre-touched heap: in this VM a first touch of a heap page costs so much that an allocating
        // benchmark ran up to 20x slower (and bimodally) without it.
        .jvmArgsAppend("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch")
        .resultFormat(ResultFormatType.JSON)
        .result(out.resolve(base + ".json").toString())
        .output(out.resolve(base + ".log").toString())
        .verbosity(VerboseMode.NORMAL);
    if (s.gcProfiler()) {
      options.addProfiler(GCProfiler.class);
    }
    if (s.checks().stream().anyMatch(c -> c.metric() == Metric.CPU)) {
      options.addProfiler(CpuTimeProfiler.class);
    }
    Map<String, RunResult> byImpl = new LinkedHashMap<>();
    for (RunResult r : new Runner(options.build()).run()) {
      byImpl.put(r.getParams().getParam("impl"), r);
    }
    return byImpl;
  }

  private static Row row(String scenario, Check c, int threads,
      List<Map<String, RunResult>> rounds) {
    String metricName = switch (c.metric()) {
      case SCORE -> "";
      case P99 -> " p99";
      case P9999 -> " p99.99";
      case SLOW -> " calls > 50 µs";
      case ALLOC -> " alloc";
      case CPU -> " cpu";
      case WAITS -> " caller waits";
    };
    String name = c.contender() + metricName;
    String id = c.scenario(scenario);
    List<RunResult> contender = new ArrayList<>();
    List<RunResult> baseline = new ArrayList<>();
    for (Map<String, RunResult> round : rounds) {
      if (round.containsKey(c.contender()) && round.containsKey(c.baseline())) {
        contender.add(round.get(c.contender()));
        baseline.add(round.get(c.baseline()));
      }
    }
    if (contender.isEmpty()) {
      return new Row(id, name, threads, "not run", c.baseline(), "", goalText(c, threads), "");
    }
    if (c.metric() == Metric.WAITS) {
      return new Row(id, name, threads, waits(contender), "", "", "info", "");
    }
    double[] ratios = new double[contender.size()];
    for (int k = 0; k < ratios.length; k++) {
      double cv = value(c.metric(), contender.get(k));
      double bv = value(c.metric(), baseline.get(k));
      ratios[k] = c.metric() == Metric.CPU ? bv / cv : cv / bv;
    }
    double ratio = median(ratios);
    String met;
    if (c.goal() == null || !c.judgedAt().test(threads)) {
      met = "";
    } else if (Double.isNaN(ratio)) {
      met = "n/a";
    } else {
      met = c.goal().judge().met(pooled(c.metric(), contender), pooled(c.metric(), baseline),
          ratio) ? "yes" : "no";
    }
    String ratioText = String.format(Locale.ROOT, "%s×", num(ratio));
    if (ratios.length > 1) {
      double[] sorted = ratios.clone();
      Arrays.sort(sorted);
      ratioText += " (" + num(sorted[0]) + "–" + num(sorted[sorted.length - 1]) + ")";
    }
    return new Row(id, name, threads, text(c.metric(), contender),
        c.baseline() + " " + text(c.metric(), baseline), ratioText, goalText(c, threads), met);
  }

  private static String goalText(Check c, int threads) {
    return c.goal() != null && c.judgedAt().test(threads) ? c.goal().text() : "info";
  }

  /**
   * The figure of one run that ratios are taken of: the best iteration for scores (on a shared
   * machine other processes only ever slow an iteration down, so the best one is the least disturbed
   * measurement of the code itself), the percentile of the run's whole sample for latencies, the mean
   * bytes per operation for allocation.
   */
  private static double value(Metric metric, RunResult r) {
    switch (metric) {
      case SCORE: {
        ListStatistics iterations = iterations(List.of(r));
        return r.getParams().getMode() == Mode.Throughput ? iterations.getMax()
            : iterations.getMin();
      }      case P99:
        return r.getPrimaryResult().getStatistics().getPercentile(99.0);
      case P9999:
        return r.getPrimaryResult().getStatistics().getPercentile(99.99);
      case SLOW:
        return slowPerMillion(r);
      case ALLOC: {
        Result<?> alloc = alloc(r);
        return alloc == null ? Double.NaN : alloc.getScore();
      }
      case CPU: {
        // The least CPU per operation of any iteration: other processes only ever add to it
        // (cache and scheduler interference).
        double best = Double.NaN;
        for (BenchmarkResult b : r.getBenchmarkResults()) {
          for (IterationResult it : b.getIterationResults()) {
            Result<?> cpu = it.getSecondaryResults().get(CpuTimeProfiler.LABEL);
            if (cpu != null && (Double.isNaN(best) || cpu.getScore() < best)) {
              best = cpu.getScore();
            }
          }
        }
        return best;
      }
      default:
        throw new AssertionError(metric);
    }
  }

  /** Calls per million of a {@code SampleTime} run (in nanoseconds) slower than {@link #SLOW_NANOS}. */
  private static double slowPerMillion(RunResult r) {
    long all = 0;
    long slow = 0;
    Iterator<Map.Entry<Double, Long>> samples =
        r.getPrimaryResult().getStatistics().getRawData();
    while (samples.hasNext()) {
      Map.Entry<Double, Long> bin = samples.next();
      all += bin.getValue();
      if (bin.getKey() > SLOW_NANOS) {
        slow += bin.getValue();
      }
    }
    return all == 0 ? Double.NaN : slow * 1e6 / all;
  }

  /** The figure over all rounds, for goals stated in absolute terms (allocation). */
  private static double pooled(Metric metric, List<RunResult> runs) {
    double[] values = runs.stream().mapToDouble(r -> value(metric, r)).toArray();
    return metric == Metric.ALLOC ? Arrays.stream(values).average().orElse(Double.NaN)
        : metric == Metric.CPU ? Arrays.stream(values).min().orElse(Double.NaN)
        : median(values);
  }

  /** How the table shows the figure over all rounds. */
  private static String text(Metric metric, List<RunResult> runs) {
    String unit = runs.get(0).getPrimaryResult().getScoreUnit();
    switch (metric) {
      case SCORE: {
        // As JMH reports several forks: the mean of every measured iteration and its 99.9% interval.
        ListStatistics all = iterations(runs);
        double error = all.getN() > 2 ? all.getMeanErrorAt(0.999) : Double.NaN;
        return Double.isNaN(error)
            ? num(all.getMean()) + " " + unit
            : num(all.getMean()) + " ± " + num(error) + " " + unit;
      }
      case P99:
      case P9999:
        return num(pooled(metric, runs)) + " " + unit.replace("/op", "");
      case SLOW:
        return num(pooled(metric, runs)) + " per million";
      case ALLOC: {
        double v = pooled(metric, runs);
        return Double.isNaN(v) ? "no GC profiler data"
            : String.format(Locale.ROOT, "%.1f B/op", v);
      }
      case CPU: {
        double v = pooled(metric, runs);
        return Double.isNaN(v) ? "no CPU time data" : num(v) + " ns CPU/op";
      }
      default:
        throw new AssertionError(metric);
    }
  }

  /** The caller waits of every measured iteration of {@code runs}, and the time spent in them. */
  private static String waits(List<RunResult> runs) {
    double waits = 0;
    double micros = 0;
    boolean any = false;
    for (RunResult r : runs) {
      for (BenchmarkResult b : r.getBenchmarkResults()) {
        for (IterationResult it : b.getIterationResults()) {
          Result<?> w = it.getSecondaryResults().get("callerWaits");
          Result<?> m = it.getSecondaryResults().get("callerWaitMicros");
          if (w != null) {
            any = true;
            waits += w.getScore();
            micros += m != null ? m.getScore() : 0;
          }
        }
      }
    }
    return any
        ? String.format(Locale.ROOT, "%.0f waits, %s ms waited in all", waits, num(micros / 1000))
        : "no wait counter";
  }

  private static ListStatistics iterations(List<RunResult> runs) {
    ListStatistics stats = new ListStatistics();
    for (RunResult r : runs) {
      for (BenchmarkResult b : r.getBenchmarkResults()) {
        for (IterationResult it : b.getIterationResults()) {
          stats.addValue(it.getPrimaryResult().getScore());
        }
      }
    }
    return stats;
  }

  private static Result<?> alloc(RunResult r) {
    Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
    return alloc != null ? alloc : r.getSecondaryResults().get("·gc.alloc.rate.norm");
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Three significant digits, no exponent. */
  static String num(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return String.valueOf(v);
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  private String table(List<Row> rows, long seconds) {
    StringBuilder sb = new StringBuilder();
    sb.append("Date: ").append(DateTimeFormatter.ISO_INSTANT
        .format(Instant.now().truncatedTo(ChronoUnit.SECONDS))).append('\n');
    sb.append("JDK: ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.runtime.version")).append(" (")
        .append(System.getProperty("java.vendor")).append(")\n");
    sb.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
        .append(cpuModel()).append(", ").append(System.getProperty("os.name")).append(' ')
        .append(System.getProperty("os.arch")).append('\n');
    sb.append(String.format(Locale.ROOT,
        "Profile: %s (%d round(s) of %d fork, warm-up %d × %d ms, measurement %d × %d ms), %d s%n"
            + "Ratio: contender / baseline, best iteration of each (throughput) or percentile of"
            + " the whole sample (latency); with several rounds the median over rounds, range in"
            + " brackets. Score: mean of all measured iterations ± 99.9%% interval%n%n",
        profile.name().toLowerCase(Locale.ROOT), rounds, profile.forks,
        profile.warmupIterations,
        profile.warmupMillis, profile.measurementIterations, profile.measurementMillis, seconds));
    String[] header = {"#", "benchmark", "threads", "score ± error", "baseline", "ratio", "goal",
        "met"};
    List<String[]> cells = new ArrayList<>();
    for (Row r : rows) {
      cells.add(new String[] {r.scenario(), r.benchmark(), String.valueOf(r.threads()), r.score(),
          r.baseline(), r.ratio(), r.goal(), r.met()});
    }
    int[] width = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      width[i] = header[i].length();
      for (String[] c : cells) {
        width[i] = Math.max(width[i], c[i].length());
      }
    }
    appendLine(sb, header, width);
    String[] rule = new String[header.length];
    for (int i = 0; i < header.length; i++) {
      rule[i] = "-".repeat(width[i]);
    }
    appendLine(sb, rule, width);
    for (String[] c : cells) {
      appendLine(sb, c, width);
    }
    return sb.toString();
  }

  private static void appendLine(StringBuilder sb, String[] cells, int[] width) {
    sb.append('|');
    for (int i = 0; i < cells.length; i++) {
      sb.append(' ').append(cells[i]).append(" ".repeat(width[i] - cells[i].length())).append(" |");
    }
    sb.append('\n');
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | UncheckedIOException | SecurityException e) {
      // Not Linux: the CPU model is a nicety.
    }
    return "CPU model unknown";
  }

  private static long secondsSince(Instant start) {
    return Duration.between(start, Instant.now()).toSeconds();
  }
}
