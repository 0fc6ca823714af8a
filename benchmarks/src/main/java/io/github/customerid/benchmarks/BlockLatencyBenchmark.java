package io.github.customerid.benchmarks;

import io.github.customerid.core.IdAllocator;
import io.github.customerid.memory.InMemorySequenceStore;
import io.github.customerid.mongo.MongoSequenceStore;
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
 * Benchmark 3 of issue 5, latency half: the distribution of single {@code next()} calls (JMH {@code
 * SampleTime}) in block mode on the embedded MongoDB against strict mode on the in-memory store, which
 * never waits for anything. The goal: the 99th percentile in block mode stays within 5 times the memory
 * store's, that is the prefetch of the next block hides the round trip from callers. The 99.99th
 * percentile is reported next to the memory store's, for comparison with prefetching segment
 * allocators.
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
    MEMORY_STRICT(0),
    /** Block mode, blocks of 100, on the embedded MongoDB. */
    MONGO_BLOCK_100(100),
    /** Block mode, blocks of 1,000, on the embedded MongoDB. */
    MONGO_BLOCK_1000(1000);

    final int blockSize;

    Impl(int blockSize) {
      this.blockSize = blockSize;
    }
  }

  @Param
  Impl impl;

  private MongoFixture mongo;
  private IdAllocator ids;

  @Setup
  public void setUp() {
    if (impl.blockSize == 0) {
      ids = IdAllocator.builder(new InMemorySequenceStore()).strict().build();
    } else {
      mongo = MongoFixture.start();
      ids = IdAllocator.builder(MongoSequenceStore.builder(mongo.database()).build())
          .sequence(MongoFixture.SEQUENCE).blocks(impl.blockSize).build();
    }
    ids.initialize(MemoryStrictBenchmark.START);
  }

  @TearDown
  public void tearDown() {
    ids.close();
    if (mongo != null) {
      mongo.close();
    }
  }

  @Benchmark
  public String next() {
    return ids.next();
  }
}
