package io.github.customerid.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI's only contact with the benchmarks: the JMH harness generated from them runs, in this JVM, for
 * one 100 ms iteration, and the runner turns the result into table rows. Nothing here is timed or
 * compared: a figure, whatever it is, never fails this test.
 */
class BenchmarkSmokeTest {

  @Test
  void shouldRunTheSmokeProfileAndPrintTheTable(@TempDir Path out) throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    List<GoalRunner.Row> rows;
    try (PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8)) {
      rows = new GoalRunner(GoalRunner.Profile.SMOKE, 1, new int[] {1}, Set.of(), out, ps).run();
    }

    assertThat(rows).extracting(GoalRunner.Row::benchmark)
        .containsExactly("ALLOCATOR_STRICT", "ALLOCATOR_STRICT cpu", "ALLOCATOR_STRICT alloc");
    assertThat(rows).allSatisfy(r -> assertThat(r.score()).isNotEqualTo("not run"));
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("| # ", "score ± error", "ATOMIC_LONG_CONCAT");
    assertThat(out.resolve("results.md")).exists();
  }
}
