package io.github.customerid.benchmarks;

import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.spi.SequenceStore;
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
 * Scenario 3, throughput: {@code next()} on {@link MongoSequenceStore} (the linearizable embedded
 * server of customer-id-mongo-embedded) in block mode, against strict mode on the same server and against strict
 * mode on the in-memory store, which never leaves the JVM. Goals: blocks of 1,000 give at least 50
 * times strict mode's throughput at 4 threads; the adaptive chain ({@link Impl#BLOCK_ADAPTIVE}) reaches
 * at least half the memory store's throughput at every thread count. The secondary result {@code
 * callerWaits} counts the block refills a caller had to wait for. The latency half is {@link
 * BlockLatencyBenchmark}.
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

  /** The contenders; {@link #STRICT} and {@link #MEMORY_STRICT} are the baselines. */
  public enum Impl {
    /** Strict mode on the in-memory store: the speed of the allocator without any store. */
    MEMORY_STRICT(-1, 0),
    /** One round trip per ID. */
    STRICT(0, 0),
    /** Blocks of 10. */
    BLOCK_10(10, 10),
    /** Blocks of 100. */
    BLOCK_100(100, 100),
    /** Blocks of 1,000. */
    BLOCK_1000(1000, 1000),
    /** The high-throughput setting: blocks from 1,000 growing to 1,000,000 with demand. */
    BLOCK_ADAPTIVE(1000, 1_000_000);

    final int blockSize;
    final int maxBlockSize;

    Impl(int blockSize, int maxBlockSize) {
      this.blockSize = blockSize;
      this.maxBlockSize = maxBlockSize;
    }

    /**
     * Builds the allocator of this contender: on the embedded MongoDB through {@code mongo}, or on
     * the in-memory store when {@code mongo} is null; {@link #MEMORY_STRICT} always uses the
     * in-memory store.
     */
    IdAllocator create(MongoFixture mongo) {
      SequenceStore store = blockSize < 0 || mongo == null ? new InMemorySequenceStore()
          : MongoSequenceStore.builder(mongo.database()).build();
      IdAllocator.Builder b = IdAllocator.builder(store).sequence(MongoFixture.SEQUENCE);
      IdAllocator ids = (blockSize <= 0 ? b.strict()
          : b.blocks(blockSize).maxBlockSize(maxBlockSize).listener(CallerWaits.LISTENER))
          .build();
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
    mongo = impl.blockSize < 0 ? null : MongoFixture.start();
    ids = impl.create(mongo);
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
