package io.github.customerid.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The common part of {@link CpuTimeProfiler} and {@link JvmCpuTimeProfiler}: the CPU time that the
 * live Java threads whose names a subclass selects burn during an iteration, divided by the
 * iteration's operations, as one secondary result in ns/op. Time spent descheduled is not counted.
 * Nothing is reported when the JVM cannot measure thread CPU time or nothing was measured.
 */
abstract class ThreadCpuTimeProfiler implements InternalProfiler {

  private final String label;
  private final String description;
  private final Predicate<String> counts;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> cpuAtStart = new HashMap<>();

  /**
   * Creates a profiler counting the threads that {@code counts} selects.
   *
   * @param label the secondary result's label
   * @param description what JMH prints for {@code -lprof}
   * @param counts whether a thread of this name is counted
   */
  ThreadCpuTimeProfiler(String label, String description, Predicate<String> counts) {
    this.label = label;
    this.description = description;
    this.counts = counts;
  }

  @Override
  public final String getDescription() {
    return description;
  }

  @Override
  public final void beforeIteration(BenchmarkParams benchmarkParams,
      IterationParams iterationParams) {
    cpuAtStart.clear();
    for (long id : counted()) {
      cpuAtStart.put(id, threads.getThreadCpuTime(id));
    }
  }

  private long[] counted() {
    ThreadInfo[] infos = threads.getThreadInfo(threads.getAllThreadIds());
    return Arrays.stream(infos)
        .filter(i -> i != null && counts.test(i.getThreadName()))
        .mapToLong(ThreadInfo::getThreadId)
        .toArray();
  }

  @Override
  public final Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
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
    return List.of(new ScalarResult(label, (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
  }
}
