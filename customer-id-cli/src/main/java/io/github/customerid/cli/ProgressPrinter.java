package io.github.customerid.cli;

import io.github.customerid.mongo.migration.MigrationListener;
import io.github.customerid.mongo.migration.MigrationProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a migration's progress on stderr: a redrawn bar when attached to a terminal, otherwise a
 * plain log line at most once a second (and one at the end).
 */
final class ProgressPrinter implements MigrationListener {

  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final boolean terminal;
  private final String label;
  private long lastLine;
  private boolean drawn;

  ProgressPrinter(PrintWriter err, boolean terminal, String label) {
    this.err = err;
    this.terminal = terminal;
    this.label = label;
  }

  @Override
  public void onProgress(MigrationProgress p) {
    if (terminal) {
      int filled = (int) Math.round(p.fraction() * WIDTH);
      err.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%% %,d/%,d %,.0f/s ", label,
          "#".repeat(filled), " ".repeat(WIDTH - filled), (int) (p.fraction() * 100), p.assigned(),
          p.total(), p.perSecond()));
      err.flush();
      drawn = true;
      return;
    }
    long now = System.nanoTime();
    if (now - lastLine >= 1_000_000_000L || p.assigned() >= p.total()) {
      lastLine = now;
      err.println(label + ": " + p);
      err.flush();
    }
  }

  /** Ends the bar's line, if one was drawn. */
  void finish() {
    if (drawn) {
      err.println();
      err.flush();
      drawn = false;
    }
  }
}
