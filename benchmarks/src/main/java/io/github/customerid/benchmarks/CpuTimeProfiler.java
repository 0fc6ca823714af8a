package io.github.customerid.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

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
public final class CpuTimeProfiler implements InternalProfiler {

  /** The label of the secondary result. */
  public static final String LABEL = "cpu.time.norm";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> cpuAtStart = new HashMap<>();

  /** Called by JMH. */
  public CpuTimeProfiler() {}

  @Override
  public String getDescription() {
    return "CPU time of the whole JVM per operation (ns/op)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    cpuAtStart.clear();
    for (long id : workers()) {
      cpuAtStart.put(id, threads.getThreadCpuTime(id));
    }
  }

  /** JMH's benchmark threads, named {@code <benchmark>-jmh-worker-<n>}; reused across iterations. */
  private long[] workers() {
    ThreadInfo[] infos = threads.getThreadInfo(threads.getAllThreadIds());
    return java.util.Arrays.stream(infos)
        .filter(i -> i != null && i.getThreadName().contains("jmh-worker"))
        .mapToLong(ThreadInfo::getThreadId)
        .toArray();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
      IterationParams iterationParams, IterationResult result) {
    long cpu = 0;
    for (long id : workers()) {
      long now = threads.getThreadCpuTime(id);
      if (now >= 0) {
        cpu += now - cpuAtStart.getOrDefault(id, 0L);
      }
    }
    long ops = result.getMetadata().getMeasuredOps();
    if (!threads.isThreadCpuTimeSupported() || cpu <= 0 || ops <= 0) {
      return List.of();
    }
    return List.of(new ScalarResult(LABEL, (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
  }
}
