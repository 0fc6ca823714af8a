package io.github.customerid.mongo;

import com.mongodb.MongoException;
import io.github.customerid.core.StoreException;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.listener.StoreOperation;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How often and how the store tries an operation again, and how a failure is reported.
 *
 * <p>An attempt ends in one of four ways:
 *
 * <ul>
 *   <li>it returns {@link Result#done a value}: the operation is over;
 *   <li>it returns {@link Result#retryNow a race a new attempt wins at once}: a concurrent first upsert
 *       created the counter (the next attempt finds it);
 *   <li>it returns {@link Result#retryAfterPause contention}: the counter changed under a
 *       compare-and-set (another client incremented it, or the majority read was behind); trying again
 *       at once would most likely lose again;
 *   <li>it throws a {@link MongoException}: a {@linkplain MongoErrors#isTransient transient} one (a
 *       lost connection, a primary stepping down, a write conflict) is tried again after a pause; any
 *       other is thrown at once as a {@link StoreException}.
 * </ul>
 *
 * <p><b>Pauses</b> grow with each failed attempt (about 10, 20, 40, 80, 160, then 200 ms) and are
 * jittered: each is drawn uniformly from the upper half of its step, so that clients that failed
 * together do not try again together. There is no pause after the last attempt: the failure is thrown
 * at once. Every new attempt is reported to the store's {@link SequenceListener#onRetry}.
 *
 * <p>After {@code maxAttempts} attempts in all the last failure is thrown as a {@link StoreException}
 * naming the collection and the sequence, with the driver's exception as the cause. Retrying never
 * duplicates: each {@code $inc} the server applies yields a new value, and one whose reply was lost is
 * never returned to anyone.
 *
 * <p>Immutable and thread-safe; one per store.
 */
final class RetryPolicy {

  private static final Logger log = LoggerFactory.getLogger(RetryPolicy.class);

  /** Waits between attempts; replaced in tests. */
  @FunctionalInterface
  interface Pause {
    /** The real pause: {@link Thread#sleep(long)}. */
    Pause SLEEP = Thread::sleep;

    /**
     * Waits {@code millis} milliseconds.
     *
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    void pause(long millis) throws InterruptedException;
  }

  /** Draws a jitter in {@code [0, bound)} from a thread-local random source. */
  static final LongUnaryOperator RANDOM_JITTER = bound -> ThreadLocalRandom.current().nextLong(bound);

  /**
   * What one attempt produced: a value, or a reason to try again.
   *
   * @param <T> the operation's result
   */
  static final class Result<T> {
    private final T value;
    private final MongoException cause;
    private final boolean pause;

    private Result(T value, MongoException cause, boolean pause) {
      this.value = value;
      this.cause = cause;
      this.pause = pause;
    }

    /** The operation succeeded with {@code value}. */
    static <T> Result<T> done(T value) {
      return new Result<>(Objects.requireNonNull(value, "value"), null, false);
    }

    /** The operation lost a race that the next attempt wins; no pause is needed. */
    static <T> Result<T> retryNow(MongoException cause) {
      return new Result<>(null, Objects.requireNonNull(cause, "cause"), false);
    }

    /** The operation met contention; the next attempt should wait a little first. */
    static <T> Result<T> retryAfterPause(MongoException cause) {
      return new Result<>(null, Objects.requireNonNull(cause, "cause"), true);
    }
  }

  private final String namespace;
  private final int maxAttempts;
  private final Pause pause;
  private final LongUnaryOperator jitter;
  private final SequenceListener listener;

  /**
   * @param jitter returns a value in {@code [0, bound)} for a bound of at least 1
   * @param listener told of every new attempt; guarded, so it cannot throw
   */
  RetryPolicy(String namespace, int maxAttempts, Pause pause, LongUnaryOperator jitter,
      SequenceListener listener) {
    this.namespace = namespace;
    this.maxAttempts = maxAttempts;
    this.pause = pause;
    this.jitter = jitter;
    this.listener = SequenceListener.guard(listener);
  }

  /**
   * Runs {@code attempt} until it returns a value, at most {@code maxAttempts} times.
   *
   * @param sequence the sequence, for messages and the listener
   * @param operation the operation, for messages and the listener
   * @param argument the operation's number (count, target value), for messages
   * @return the value of the first attempt that produced one
   * @throws StoreException if an attempt failed for good, or every attempt failed
   */
  <T> T run(String sequence, StoreOperation operation, long argument,
      Supplier<Result<T>> attempt) {
    MongoException last;
    for (int n = 1; ; n++) {
      boolean pauseFirst;
      try {
        Result<T> result = attempt.get();
        if (result.cause == null) {
          return result.value;
        }
        last = result.cause;
        pauseFirst = result.pause;
      } catch (MongoException e) {
        if (!MongoErrors.isTransient(e)) {
          throw new StoreException("MongoDB failed to " + describe(operation, argument)
              + " sequence \"" + sequence
              + "\" in " + namespace + ": " + e.getMessage(), e);
        }
        last = e;
        pauseFirst = true;
        log.debug("Attempt {} of {} to {} sequence \"{}\" in {} failed transiently", n,
            maxAttempts, describe(operation, argument), sequence, namespace, e);
      }
      if (n >= maxAttempts) {
        break;
      }
      if (pauseFirst) {
        pauseAfter(n, sequence, last);
      }
      listener.onRetry(sequence, operation, last);
    }
    throw new StoreException("MongoDB failed to " + describe(operation, argument) + " sequence \""
        + sequence + "\" in " + namespace + " after " + maxAttempts + " attempts (numbers may have been skipped, none "
        + "was handed out twice): " + last.getMessage(), last);
  }

  /**
   * Names an operation for a message, built only when a message is: for example {@code "allocate 5
   * from"} or {@code "advance to 42"}, followed in the message by {@code " sequence ..."}.
   */
  static String describe(StoreOperation operation, long argument) {
    switch (operation) {
      case ALLOCATE:
        return "allocate " + argument + " from";
      case ADVANCE_TO:
        return "advance to " + argument;
      case GIVE_BACK:
        return "give back to " + argument;
      case RESET:
        return "reset";
      default:
        return "read";
    }
  }

  /**
   * The pause after failed attempt {@code attempt}: uniformly in the upper half of a step that doubles
   * from 10 ms up to 200 ms.
   */
  long pauseMillis(int attempt) {
    long step = Math.min(200, 5L << Math.min(attempt, 6));
    long half = step / 2;
    return half + jitter.applyAsLong(step - half + 1);
  }

  private void pauseAfter(int attempt, String sequence, MongoException cause) {
    try {
      pause.pause(pauseMillis(attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while retrying sequence \"" + sequence + "\" in "
          + namespace, cause);
    }
  }
}
