package io.github.customerid.benchmarks;

import io.github.customerid.core.IdFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Scenario 4 of the goal table, parsing half: {@link IdFormat#parse}, without and with a check digit,
 * against {@code Long.parseLong} on the digits after the prefix (the {@code CharSequence} overload, so
 * the baseline does not pay for a substring). Each thread parses its own fixed set of IDs with
 * seven-digit numbers.
 *
 * <pre>{@code
 * benchmarks/run.sh --only 4                         # format and parse, 1/2/4/8 threads
 * benchmarks/run.sh --jmh ParseBenchmark -t 1        # plain JMH, one thread count
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ParseBenchmark {

  private static final int SIZE = 1 << 10;
  private static final int MASK = SIZE - 1;
  private static final IdFormat PLAIN = IdFormat.defaultFormat();
  private static final IdFormat CHECKED = IdFormat.builder().prefix("PL").checkDigit(true).build();

  /** The contenders; {@link #PARSE_LONG} is the baseline. */
  public enum Impl {
    /** Baseline: {@code Long.parseLong(id, 2, id.length(), 10)} on {@code PL1234567}. */
    PARSE_LONG(PLAIN) {
      @Override
      ToLongFunction<String> create() {
        return id -> Long.parseLong(id, 2, id.length(), 10);
      }
    },
    /** {@code IdFormat.defaultFormat().parse(id)} on {@code PL1234567}. */
    PARSE(PLAIN) {
      @Override
      ToLongFunction<String> create() {
        return PLAIN::parse;
      }
    },
    /** The same with a Damm check digit, on {@code PL12345679}. */
    PARSE_CHECK_DIGIT(CHECKED) {
      @Override
      ToLongFunction<String> create() {
        return CHECKED::parse;
      }
    };

    final IdFormat inputs;

    Impl(IdFormat inputs) {
      this.inputs = inputs;
    }

    abstract ToLongFunction<String> create();
  }

  @Param
  Impl impl;

  private ToLongFunction<String> parser;
  private final String[] ids = new String[SIZE];
  private int index;

  @Setup
  public void setUp() {
    parser = impl.create();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < SIZE; i++) {
      ids[i] = impl.inputs.format(random.nextLong(1_000_000L, 10_000_000L));
    }
  }

  @Benchmark
  public long parse() {
    return parser.applyAsLong(ids[index++ & MASK]);
  }
}
