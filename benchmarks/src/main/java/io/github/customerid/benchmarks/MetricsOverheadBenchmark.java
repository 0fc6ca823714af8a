package io.github.customerid.benchmarks;

import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.memory.InMemorySequenceStore;
import io.github.customerid.micrometer.MicrometerSequenceListener;
import io.github.customerid.mongo.MongoSequenceStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
 * bytes per operation (JMH's GC profiler: in scenario 1 both sides allocate exactly the returned
 * {@code String}; in scenario 3 the figure also holds the embedded server's and the driver's garbage,
 * which runs in the same JVM, so there it is shown, not judged). {@link
 * Impl#MEMORY_STRICT_EMPTY_LISTENER} separates the allocator's share of the cost from the meters',
 * and {@link Impl#MEMORY_STRICT_LONG_ADDER} the cost of one exact count from Micrometer's.
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
    MEMORY_STRICT(false, Listener.NONE),
    /**
     * Scenario 1 with a listener whose methods are all empty: what the allocator's own reporting costs
     * (deciding whether to time the store call, timing one in 64, calling the listener), without any
     * meter.
     */
    MEMORY_STRICT_EMPTY_LISTENER(false, Listener.EMPTY),
    /**
     * Scenario 1 with a listener whose strict-allocation event is one {@link LongAdder#increment()}:
     * the floor of an exact count, what the Micrometer listener's one add costs without its look-up.
     */
    MEMORY_STRICT_LONG_ADDER(false, Listener.LONG_ADDER),
    /** Scenario 1 with the Micrometer listener. */
    MEMORY_STRICT_METRICS(false, Listener.MICROMETER),
    /** Scenario 3, blocks of 1,000, without a listener. */
    MONGO_BLOCK_1000(true, Listener.NONE),
    /** Scenario 3, blocks of 1,000, with the Micrometer listener. */
    MONGO_BLOCK_1000_METRICS(true, Listener.MICROMETER);

    final boolean mongo;
    final Listener listener;

    Impl(boolean mongo, Listener listener) {
      this.mongo = mongo;
      this.listener = listener;
    }
  }

  enum Listener { NONE, EMPTY, LONG_ADDER, MICROMETER }

  /** Counts strict allocations with one add each, as exactly as a metrics listener must. */
  static final class LongAdderListener implements SequenceListener {
    final LongAdder calls = new LongAdder();

    @Override
    public void onStrictAllocation(String sequence, long count, long durationNanos) {
      calls.increment();
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
    if (impl.listener == Listener.EMPTY) {
      b.listener(new SequenceListener() {});
    } else if (impl.listener == Listener.LONG_ADDER) {
      b.listener(new LongAdderListener());
    } else if (impl.listener == Listener.MICROMETER) {
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
