package io.github.customerid.benchmarks;

import io.github.customerid.core.IdAllocator;
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
 * Benchmark 3 of issue 5, throughput half: {@code next()} on {@link MongoSequenceStore} in block mode
 * (blocks of 10, 100 and 1,000, default prefetch at 25% left) against strict mode, on the linearizable
 * embedded server (customer-id-mongo-embedded). The goal: blocks of 1,000 give at least 50 times the
 * throughput of strict mode at 4 threads. The latency half is {@link BlockLatencyBenchmark}.
 *
 * <pre>{@code
 * benchmarks/run.sh --only 3                          # 1/2/4/8 threads
 * benchmarks/run.sh --jmh MongoBlockBenchmark -t 4    # plain JMH, one thread count
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MongoBlockBenchmark {

  /** The contenders; {@link #STRICT} is the baseline. */
  public enum Impl {
    /** One round trip per ID. */
    STRICT(0),
    /** Blocks of 10. */
    BLOCK_10(10),
    /** Blocks of 100. */
    BLOCK_100(100),
    /** Blocks of 1,000. */
    BLOCK_1000(1000);

    final int blockSize;

    Impl(int blockSize) {
      this.blockSize = blockSize;
    }

    IdAllocator create(MongoSequenceStore store) {
      IdAllocator.Builder b = IdAllocator.builder(store).sequence(MongoFixture.SEQUENCE);
      IdAllocator ids = (blockSize == 0 ? b.strict() : b.blocks(blockSize)).build();
      ids.initialize(MemoryStrictBenchmark.START);
      return ids;
    }
  }

  @Param
  Impl impl;

  private MongoFixture mongo;
  private IdAllocator ids;

  @Setup
  public void setUp() {
    mongo = MongoFixture.start();
    ids = impl.create(MongoSequenceStore.builder(mongo.database()).build());
  }

  @TearDown
  public void tearDown() {
    ids.close();
    mongo.close();
  }

  @Benchmark
  public String next() {
    return ids.next();
  }
}
