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
 * JMH profiler: CPU time of every Java thread of the fork except the JIT's, per operation, as the
 * secondary result {@value #LABEL}. Unlike {@link CpuTimeProfiler} (the benchmark threads only) it
 * also counts the embedded MongoDB server's threads, which run in the same JVM: for the Mongo
 * scenarios it is the CPU the client <em>and</em> the server spend per operation.
 *
 * <p>Why: on a machine shared with other builds, the wall-clock throughput of a Mongo round trip on
 * loopback swings by a factor of ten with the other processes' load (a round trip is a chain of
 * thread hand-offs, each waiting to be scheduled), while the CPU burnt per round trip hardly moves.
 * With the server in-process and two cores, the CPU per operation is what bounds the throughput on a
 * quiet machine. Garbage collection (not a Java thread) is left out; compare bytes/op with {@code -prof
 * gc} for it.
 *
 * <pre>{@code
 * benchmarks/run.sh --jmh MongoStrictBenchmark -t 1 -prof io.github.customerid.benchmarks.JvmCpuTimeProfiler
 * }</pre>
 */
public final class JvmCpuTimeProfiler implements InternalProfiler {

  /** The label of the secondary result. */
  public static final String LABEL = "jvm.cpu.time.norm";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> cpuAtStart = new HashMap<>();

  /** Called by JMH. */
  public JvmCpuTimeProfiler() {}

  @Override
  public String getDescription() {
    return "CPU time of all Java threads but the JIT's per operation (ns/op)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    cpuAtStart.clear();
    for (long id : counted()) {
      cpuAtStart.put(id, threads.getThreadCpuTime(id));
    }
  }

  /** Every live Java thread except the compiler threads. */
  private long[] counted() {
    ThreadInfo[] infos = threads.getThreadInfo(threads.getAllThreadIds());
    return java.util.Arrays.stream(infos)
        .filter(i -> i != null && !i.getThreadName().contains("CompilerThread"))
        .mapToLong(ThreadInfo::getThreadId)
        .toArray();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
      IterationParams iterationParams, IterationResult result) {
    long cpu = 0;
    for (long id : counted()) {
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
