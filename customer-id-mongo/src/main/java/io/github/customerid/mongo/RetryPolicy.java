package io.github.customerid.mongo;

import com.mongodb.MongoException;
import io.github.customerid.core.StoreException;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How often and how the store tries an operation again, and how a failure is reported.
 *
 * <p>An attempt ends in one of three ways:
 *
 * <ul>
 *   <li>it returns {@link Outcome#done a value}: the operation is over;
 *   <li>it returns {@link Outcome#raced a race}: the store read the counter and found that another
 *       client got there first in a way a new attempt can cure (a concurrent first upsert, a counter
 *       that changed under a compare-and-set); it runs again at once;
 *   <li>it throws a {@link MongoException}: a {@linkplain MongoErrors#isTransient transient} one (a
 *       lost connection, a primary stepping down, a write conflict) is tried again after a short pause;
 *       any other is thrown at once as a {@link StoreException}.
 * </ul>
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

  /**
   * What one attempt produced: a value, or a race that a new attempt may win.
   *
   * @param <T> the operation's result
   */
  static final class Outcome<T> {
    private final T value;
    private final MongoException race;

    private Outcome(T value, MongoException race) {
      this.value = value;
      this.race = race;
    }

    /** The operation succeeded with {@code value}. */
    static <T> Outcome<T> done(T value) {
      return new Outcome<>(Objects.requireNonNull(value, "value"), null);
    }

    /** The operation lost a race, diagnosed from {@code cause}; a new attempt may succeed. */
    static <T> Outcome<T> raced(MongoException cause) {
      return new Outcome<>(null, Objects.requireNonNull(cause, "cause"));
    }
  }

  private final String namespace;
  private final int maxAttempts;
  private final Pause pause;

  RetryPolicy(String namespace, int maxAttempts, Pause pause) {
    this.namespace = namespace;
    this.maxAttempts = maxAttempts;
    this.pause = pause;
  }

  /**
   * Runs {@code attempt} until it returns a value, at most {@code maxAttempts} times.
   *
   * @param sequence the sequence, for messages
   * @param what the operation, for messages ({@code "allocate 1 from"}, {@code "read"}, ...)
   * @return the value of the first attempt that produced one
   * @throws StoreException if an attempt failed for good, or every attempt failed
   */
  <T> T run(String sequence, String what, Supplier<Outcome<T>> attempt) {
    MongoException last = null;
    for (int n = 1; n <= maxAttempts; n++) {
      try {
        Outcome<T> outcome = attempt.get();
        if (outcome.race == null) {
          return outcome.value;
        }
        last = outcome.race;
      } catch (MongoException e) {
        if (!MongoErrors.isTransient(e)) {
          throw new StoreException("MongoDB failed to " + what + " sequence \"" + sequence
              + "\" in " + namespace + ": " + e.getMessage(), e);
        }
        last = e;
        log.debug("Attempt {} of {} to {} sequence \"{}\" in {} failed transiently", n,
            maxAttempts, what, sequence, namespace, e);
        pauseAfter(n, sequence, e);
      }
    }
    throw new StoreException("MongoDB failed to " + what + " sequence \"" + sequence + "\" in "
        + namespace + " after " + maxAttempts + " attempts (numbers may have been skipped, none "
        + "was handed out twice): " + Objects.requireNonNull(last).getMessage(), last);
  }

  private void pauseAfter(int attempt, String sequence, MongoException cause) {
    try {
      pause.pause(Math.min(200, 5L << Math.min(attempt, 6)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while retrying sequence \"" + sequence + "\" in "
          + namespace, cause);
    }
  }
}
