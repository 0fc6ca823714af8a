package io.github.customerid.core.spi;

import java.util.OptionalLong;

/**
 * The service-provider interface a durable counter store implements: one counter per sequence name,
 * holding the <em>last value issued</em> (0 or absent before the first allocation).
 *
 * <p>A store does only what must be atomic in the database. Formatting, block hand-out, prefetch and
 * policy live in {@link io.github.customerid.core.IdAllocator}, written once for every store.
 *
 * <p><b>Contract</b> (checked for every store by the {@code customer-id-test-kit} contract suite):
 *
 * <ul>
 *   <li>Every method is atomic with respect to every other call on the same sequence, from any thread
 *       or process sharing the store. No method reads, computes and writes back.
 *   <li>{@link #allocate} never returns a value twice for one sequence, across the lifetime of the
 *       durable counter, unless {@link #resetAllowingDuplicates} moved the counter back.
 *   <li>A counter never moves backwards except through {@link #resetAllowingDuplicates}.
 *   <li>A counter never passes {@link Long#MAX_VALUE}; an operation that would is rejected with {@link
 *       io.github.customerid.core.CounterExhaustedException} and changes nothing.
 *   <li>Arguments are validated with {@link StoreArguments} before the store is touched; an invalid
 *       argument changes nothing.
 *   <li>Failures of the database surface as {@link io.github.customerid.core.StoreException} (or its
 *       subclass {@link io.github.customerid.core.CorruptCounterException}) with the driver's exception
 *       as the cause; they are never swallowed. An allocation that failed may have consumed numbers (a
 *       gap), but those numbers are never returned by any later call.
 * </ul>
 *
 * <p>Why this shape: {@code allocate} returns only the <em>end</em> of the block, so that a store does
 * one atomic add and the caller derives the block {@code [end - count + 1, end]} without any object
 * allocation on the hot path. Initialisation is {@link #advanceTo} on an absent counter: monotonic
 * advance maps one-to-one onto an atomic primitive of real databases (an atomic max with upsert), so no
 * store has to emulate it with a read-modify-write.
 *
 * <p>Implementations must be thread-safe.
 */
public interface SequenceStore {

  /**
   * Atomically adds {@code count} to the counter of {@code sequence}, creating the counter at 0 first if
   * it does not exist, and returns the counter's new value. The caller owns the contiguous block {@code
   * [result - count + 1, result]}; no other call will ever receive a value of that block.
   *
   * @param sequence the sequence name, valid per {@link StoreArguments#checkSequence}
   * @param count how many values to reserve, at least 1
   * @return the last value of the reserved block, at least {@code count}
   * @throws IllegalArgumentException if {@code count < 1}
   * @throws io.github.customerid.core.InvalidConfigurationException if the sequence name is invalid
   * @throws io.github.customerid.core.CounterExhaustedException if the counter would pass {@link
   *     Long#MAX_VALUE}; the counter is unchanged
   * @throws io.github.customerid.core.CorruptCounterException if the stored counter is unreadable
   * @throws io.github.customerid.core.StoreException if the store failed
   */
  long allocate(String sequence, long count);

  /**
   * Reads the last value issued for {@code sequence}.
   *
   * @param sequence the sequence name
   * @return the counter's value, or empty if the counter does not exist
   * @throws io.github.customerid.core.InvalidConfigurationException if the sequence name is invalid
   * @throws io.github.customerid.core.CorruptCounterException if the stored counter is unreadable
   * @throws io.github.customerid.core.StoreException if the store failed
   */
  OptionalLong current(String sequence);

  /**
   * Atomically moves the counter of {@code sequence} forward to {@code lastValue} if it is behind, and
   * creates it at {@code lastValue} if absent. A counter already at or beyond {@code lastValue} is left
   * unchanged: this operation never moves a counter backwards.
   *
   * @param sequence the sequence name
   * @param lastValue the lowest acceptable "last issued" value, at least 0
   * @return the counter's value after the call, at least {@code lastValue}
   * @throws IllegalArgumentException if {@code lastValue < 0}
   * @throws io.github.customerid.core.InvalidConfigurationException if the sequence name is invalid
   * @throws io.github.customerid.core.CorruptCounterException if the stored counter is unreadable
   * @throws io.github.customerid.core.StoreException if the store failed
   */
  long advanceTo(String sequence, long lastValue);

  /**
   * Gives back the unused tail of a block: atomically, if the counter of {@code sequence} still equals
   * {@code blockEnd}, sets it to {@code lastUsed} and returns {@code true}; otherwise changes nothing and
   * returns {@code false}.
   *
   * <p>A block allocator calls this when it closes, with the end of the last block it reserved and the
   * last value it handed out, so that the numbers {@code lastUsed + 1 .. blockEnd} are not lost as a gap.
   * The condition makes it safe: if anybody allocated after that block (the counter moved on), the tail
   * is not the caller's to give back and stays a gap. A store must never implement this as a read
   * followed by a write.
   *
   * <p>The default implementation does not support give-back: it validates nothing, changes nothing and
   * returns {@code false}, so the tail stays a gap, as before this method existed.
   *
   * @param sequence the sequence name
   * @param blockEnd the last value of the caller's last block, at least 1
   * @param lastUsed the last value the caller handed out (or the value before its block if it handed out
   *     none), at least 0 and less than {@code blockEnd}
   * @return {@code true} if the counter was at {@code blockEnd} and is now {@code lastUsed}
   * @throws IllegalArgumentException if {@code lastUsed < 0} or {@code lastUsed >= blockEnd}
   * @throws io.github.customerid.core.InvalidConfigurationException if the sequence name is invalid
   * @throws io.github.customerid.core.CorruptCounterException if the stored counter is unreadable
   * @throws io.github.customerid.core.StoreException if the store failed
   */
  default boolean giveBack(String sequence, long blockEnd, long lastUsed) {
    return false;
  }

  /**
   * Sets the counter of {@code sequence} to {@code lastValue} unconditionally, <b>even backwards</b>,
   * creating it if absent.
   *
   * <p><b>This is the one operation that can create duplicate IDs</b>: every value above {@code
   * lastValue} that was already issued will be issued again. It exists for operators repairing a
   * counter by hand (after a test run against the wrong database, say), never for application code.
   *
   * @param sequence the sequence name
   * @param lastValue the new "last issued" value, at least 0
   * @throws IllegalArgumentException if {@code lastValue < 0}
   * @throws io.github.customerid.core.InvalidConfigurationException if the sequence name is invalid
   * @throws io.github.customerid.core.StoreException if the store failed
   */
  void resetAllowingDuplicates(String sequence, long lastValue);
}
