package io.github.customerid.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * An output stream that applies a {@link Redaction} to each line before passing it on: installed as
 * {@code System.out} and {@code System.err} by {@link CustomerIdCli#main}, so that nothing the process
 * prints (the driver's own log lines included) shows a credential. A line ends at {@code \n}, at
 * {@code \r} (the progress bar) or at an explicit flush. Thread-safe.
 */
final class RedactingStream extends OutputStream {

  private final PrintStream target;
  private final Redaction redaction;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  private RedactingStream(PrintStream target, Redaction redaction) {
    this.target = target;
    this.redaction = redaction;
  }

  static PrintStream wrap(PrintStream target, Redaction redaction) {
    return new PrintStream(new RedactingStream(target, redaction), true, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) {
    line.write(b);
    if (b == '\n' || b == '\r') {
      emit();
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      write(bytes[i]);
    }
  }

  @Override
  public synchronized void flush() {
    emit();
    target.flush();
  }

  @Override
  public synchronized void close() {
    flush();
  }

  private void emit() {
    if (line.size() > 0) {
      target.print(redaction.apply(line.toString(StandardCharsets.UTF_8)));
      line.reset();
    }
  }
}
