package io.github.customerid.benchmarks;

import io.github.customerid.core.IdAllocator;
import io.github.customerid.memory.InMemorySequenceStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Scenarios 1 and 5 of the goal table (see benchmarks/README.md): strict {@code next()} on the in-memory store against the code an
 * application would write by hand, {@code "PL" + counter.incrementAndGet()}, on one hot sequence shared
 * by every benchmark thread. Run with JMH's GC profiler, the same run gives benchmark 5: the bytes
 * allocated per {@code next()} ({@code gc.alloc.rate.norm}), which must be no more than the baseline's,
 * whose only allocation is the returned {@code String}.
 *
 * <p>Both counters start at {@value #START}, so both sides return IDs of the same length
 * ({@code PL1000000001} …) and allocate strings of the same size.
 *
 * <pre>{@code
 * benchmarks/run.sh --only 1                                  # goals 1 and 5, 1/2/4/8 threads
 * benchmarks/run.sh --jmh MemoryStrictBenchmark -t 4 -prof gc # plain JMH, one thread count
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MemoryStrictBenchmark {

  /** Where both counters start: every ID in the run has the same length. */
  static final long START = 1_000_000_000L;

  /** The contenders; {@link #ATOMIC_LONG_CONCAT} is the baseline. */
  public enum Impl {
    /** Baseline: {@code AtomicLong.incrementAndGet()} and string concatenation of the prefix. */
    ATOMIC_LONG_CONCAT {
      @Override
      Supplier<String> create() {
        AtomicLong counter = new AtomicLong(START);
        return () -> "PL" + counter.incrementAndGet();
      }
    },
    /** The library: {@code IdAllocator.next()}, strict mode, {@code InMemorySequenceStore}. */
    ALLOCATOR_STRICT {
      @Override
      Supplier<String> create() {
        IdAllocator ids = IdAllocator.builder(new InMemorySequenceStore()).strict().build();
        ids.initialize(START);
        return ids::next;
      }
    };

    abstract Supplier<String> create();
  }

  @Param
  Impl impl;

  private Supplier<String> ids;

  @Setup
  public void setUp() {
    ids = impl.create();
  }

  @Benchmark
  public String next() {
    return ids.get();
  }
}
