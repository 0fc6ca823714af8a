package io.github.customerid.benchmarks;

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
public final class JvmCpuTimeProfiler extends ThreadCpuTimeProfiler {

  /** The label of the secondary result. */
  public static final String LABEL = "jvm.cpu.time.norm";

  /** Called by JMH. */
  public JvmCpuTimeProfiler() {
    // Every live Java thread except the compiler threads.
    super(LABEL, "CPU time of all Java threads but the JIT's per operation (ns/op)",
        name -> !name.contains("CompilerThread"));
  }
}
