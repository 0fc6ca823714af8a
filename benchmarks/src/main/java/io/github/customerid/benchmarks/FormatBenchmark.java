package io.github.customerid.benchmarks;

import io.github.customerid.core.IdFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Scenario 4 of the goal table, formatting half: {@link IdFormat#format}, without and with a check digit,
 * against string concatenation of the prefix and the number ({@code "PL" + n}, which is
 * {@code Long.toString} plus the copy of the prefix). Each thread formats its own fixed set of
 * seven-digit numbers.
 *
 * <pre>{@code
 * benchmarks/run.sh --only 4                         # format and parse, 1/2/4/8 threads
 * benchmarks/run.sh --jmh FormatBenchmark -t 1       # plain JMH, one thread count
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FormatBenchmark {

  private static final int SIZE = 1 << 10;
  private static final int MASK = SIZE - 1;

  /** The contenders; {@link #CONCAT} is the baseline. */
  public enum Impl {
    /** Baseline: {@code "PL" + n}. */
    CONCAT {
      @Override
      LongFunction<String> create() {
        return n -> "PL" + n;
      }
    },
    /** {@code IdFormat.defaultFormat().format(n)}: {@code PL1234567}. */
    FORMAT {
      @Override
      LongFunction<String> create() {
        return IdFormat.defaultFormat()::format;
      }
    },
    /** The same with a Damm check digit: {@code PL12345679}. */
    FORMAT_CHECK_DIGIT {
      @Override
      LongFunction<String> create() {
        return IdFormat.builder().prefix("PL").checkDigit(true).build()::format;
      }
    };

    abstract LongFunction<String> create();
  }

  @Param
  Impl impl;

  private LongFunction<String> formatter;
  private final long[] numbers = new long[SIZE];
  private int index;

  @Setup
  public void setUp() {
    formatter = impl.create();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < SIZE; i++) {
      numbers[i] = random.nextLong(1_000_000L, 10_000_000L);
    }
  }

  @Benchmark
  public String format() {
    return formatter.apply(numbers[index++ & MASK]);
  }
}
