package io.github.customerid.benchmarks;

import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.memory.InMemorySequenceStore;
import io.github.customerid.micrometer.MicrometerSequenceListener;
import io.github.customerid.mongo.MongoSequenceStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
 * What the Micrometer listener costs on the hot path: {@code next()} without a listener (the no-op
 * default) against {@code next()} with {@link MicrometerSequenceListener} on a {@link
 * SimpleMeterRegistry}, for scenario 1 (strict, in-memory store) and scenario 3 (blocks of 1,000 on the
 * embedded Mongo server). The goal: with metrics, at least 0.95× the throughput without, and no more
 * bytes per operation (JMH's GC profiler: both sides allocate exactly the returned {@code String}).
 *
 * <pre>{@code
 * benchmarks/run.sh --only 1m,3m                                  # goal table, 1/2/4/8 threads
 * benchmarks/run.sh --jmh MetricsOverheadBenchmark -t 4 -prof gc  # plain JMH, one thread count
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MetricsOverheadBenchmark {

  /** The contenders: each scenario without metrics (the baseline) and with them. */
  public enum Impl {
    /** Scenario 1 without a listener. */
    MEMORY_STRICT(false, false),
    /** Scenario 1 with the Micrometer listener. */
    MEMORY_STRICT_METRICS(false, true),
    /** Scenario 3, blocks of 1,000, without a listener. */
    MONGO_BLOCK_1000(true, false),
    /** Scenario 3, blocks of 1,000, with the Micrometer listener. */
    MONGO_BLOCK_1000_METRICS(true, true);

    final boolean mongo;
    final boolean metrics;

    Impl(boolean mongo, boolean metrics) {
      this.mongo = mongo;
      this.metrics = metrics;
    }
  }

  @Param
  Impl impl;

  private MongoFixture mongo;
  private MicrometerSequenceListener listener;
  private IdAllocator ids;

  @Setup
  public void setUp() {
    SequenceStore store;
    if (impl.mongo) {
      mongo = MongoFixture.start();
      store = MongoSequenceStore.builder(mongo.database()).build();
    } else {
      store = new InMemorySequenceStore();
    }
    IdAllocator.Builder b = IdAllocator.builder(store).sequence(MongoFixture.SEQUENCE);
    b = impl.mongo ? b.blocks(1000) : b.strict();
    if (impl.metrics) {
      listener = new MicrometerSequenceListener(new SimpleMeterRegistry());
      b.listener(listener);
    }
    ids = b.build();
    if (listener != null) {
      listener.monitor(ids);
    }
    ids.initialize(MemoryStrictBenchmark.START);
  }

  @TearDown
  public void tearDown() {
    ids.close();
    if (listener != null) {
      listener.close();
    }
    if (mongo != null) {
      mongo.close();
    }
  }

  @Benchmark
  public String next() {
    return ids.next();
  }
}
