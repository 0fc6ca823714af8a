package io.github.customerid.benchmarks;

import io.github.customerid.core.IdAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Scenario 3p, latency: the distribution of single {@code next()} calls (JMH {@code SampleTime}) in
 * block mode on the embedded MongoDB against strict mode on the in-memory store, which never waits for
 * anything. Goals: with blocks of 1,000, the 99th percentile stays within 5 times the memory store's;
 * with the adaptive chain ({@link MongoBlockBenchmark.Impl#BLOCK_ADAPTIVE}), the 99th percentile within
 * 2 times and the 99.99th within 10 times: the chain hides every round trip from callers.
 *
 * <pre>{@code
 * benchmarks/run.sh --only 3p                           # 1/2/4/8 threads
 * benchmarks/run.sh --jmh BlockLatencyBenchmark -t 4    # plain JMH, one thread count
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BlockLatencyBenchmark {

  /** The contenders; {@link #MEMORY_STRICT} is the baseline. */
  public enum Impl {
    /** Baseline: strict mode on {@code InMemorySequenceStore}. */
    MEMORY_STRICT(MongoBlockBenchmark.Impl.MEMORY_STRICT, false),
    /** Block mode, blocks of 100, on the embedded MongoDB. */
    MONGO_BLOCK_100(MongoBlockBenchmark.Impl.BLOCK_100, true),
    /** Block mode, blocks of 1,000, on the embedded MongoDB. */
    MONGO_BLOCK_1000(MongoBlockBenchmark.Impl.BLOCK_1000, true),
    /** Block mode, blocks of 1,000 growing to 1,000,000, on the embedded MongoDB. */
    MONGO_BLOCK_ADAPTIVE(MongoBlockBenchmark.Impl.BLOCK_ADAPTIVE, true),
    /**
     * Control, informative: the baseline's code, while the embedded server and a client to it sit
     * idle in the same JVM. It separates what the test rig costs the tail from what block mode does.
     */
    MEMORY_STRICT_BESIDE_MONGO(MongoBlockBenchmark.Impl.MEMORY_STRICT, true),
    /** Informative: the adaptive chain on the in-memory store (its prefetch thread, no server). */
    MEMORY_BLOCK_ADAPTIVE(MongoBlockBenchmark.Impl.BLOCK_ADAPTIVE, false);

    final MongoBlockBenchmark.Impl setting;
    final boolean server;

    Impl(MongoBlockBenchmark.Impl setting, boolean server) {
      this.setting = setting;
      this.server = server;
    }
  }

  @Param
  Impl impl;

  private MongoFixture mongo;
  private IdAllocator ids;

  @Setup
  public void setUp() {
    mongo = impl.server ? MongoFixture.start() : null;
    ids = impl.setting.create(mongo);
  }

  @TearDown
  public void tearDown() {
    ids.close();
    if (mongo != null) {
      mongo.close();
    }
  }

  @Benchmark
  public String next(CallerWaits waits) {
    return ids.next();
  }
}
