package io.github.customerid.benchmarks;

/**
 * JMH profiler: CPU time of JMH's benchmark threads per operation, per iteration, as the secondary
 * result {@value #LABEL}. The JIT's and the GC's threads are left out: they run for both sides of a
 * comparison (the allocation per operation is measured separately), and a safepoint that waits for a
 * descheduled thread makes them burn CPU in proportion to the machine's load, not to the code.
 *
 * <p>Why: on a machine shared with other builds, wall-clock throughput of CPU-bound code swings by a
 * factor of ten with the other processes' load, while the CPU time the code itself burns per
 * operation hardly moves, because time spent descheduled is not counted. For CPU-bound scenarios (the
 * memory store, formatting, parsing) the ratio of CPU time per operation is the throughput ratio the
 * same code would show on a dedicated machine. It is not meaningful where a thread waits (Mongo round
 * trips), and is not used there.
 *
 * <pre>{@code
 * benchmarks/run.sh --jmh ParseBenchmark -t 1 -prof io.github.customerid.benchmarks.CpuTimeProfiler
 * }</pre>
 */
public final class CpuTimeProfiler extends ThreadCpuTimeProfiler {

  /** The label of the secondary result. */
  public static final String LABEL = "cpu.time.norm";

  /** Called by JMH. */
  public CpuTimeProfiler() {
    // JMH's benchmark threads are named <benchmark>-jmh-worker-<n> and reused across iterations.
    super(LABEL, "CPU time of JMH's benchmark threads per operation (ns/op)",
        name -> name.contains("jmh-worker"));
  }
}
