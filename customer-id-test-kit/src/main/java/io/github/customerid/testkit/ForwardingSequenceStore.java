package io.github.customerid.testkit;

import io.github.customerid.core.spi.SequenceStore;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A {@link SequenceStore} that forwards every call to another store. Override one method to inject a
 * fault, a delay or a probe into a test:
 *
 * <pre>{@code
 * SequenceStore failing = new ForwardingSequenceStore(store) {
 *   public long allocate(String sequence, long count) {
 *     throw new StoreException("injected");
 *   }
 * };
 * }</pre>
 *
 * <p>Thread-safe if the delegate is.
 */
public class ForwardingSequenceStore implements SequenceStore {

  private final SequenceStore delegate;

  /**
   * Creates a store forwarding to {@code delegate}.
   *
   * @param delegate the store that does the work
   * @throws NullPointerException if {@code delegate} is null
   */
  public ForwardingSequenceStore(SequenceStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * Returns the store calls are forwarded to.
   *
   * @return the delegate
   */
  protected SequenceStore delegate() {
    return delegate;
  }

  @Override
  public long allocate(String sequence, long count) {
    return delegate.allocate(sequence, count);
  }

  @Override
  public OptionalLong current(String sequence) {
    return delegate.current(sequence);
  }

  @Override
  public long advanceTo(String sequence, long lastValue) {
    return delegate.advanceTo(sequence, lastValue);
  }

  @Override
  public boolean giveBack(String sequence, long blockEnd, long lastUsed) {
    return delegate.giveBack(sequence, blockEnd, lastUsed);
  }

  @Override
  public void resetAllowingDuplicates(String sequence, long lastValue) {
    delegate.resetAllowingDuplicates(sequence, lastValue);
  }
}
