package io.github.customerid.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Runs an allocation function from many threads at once, released together by a latch, and reports
 * every value that came back twice and every value missing from {@code 1..max}. The contract suite uses
 * it; it is public so that a store's own tests can hammer it the same way (and so that a test can prove
 * it catches a broken store).
 */
public final class ConcurrentAllocationCheck {

  private ConcurrentAllocationCheck() {}

  /**
   * What a concurrent run produced.
   *
   * @param values every value returned, sorted
   * @param duplicates values returned more than once (each listed once), sorted
   * @param failures exceptions thrown by the allocation function, in no particular order
   */
  public record Result(long[] values, long[] duplicates, List<Throwable> failures) {

    /**
     * Returns how many distinct values came back.
     *
     * @return the number of distinct values
     */
    public long distinct() {
      return Arrays.stream(values).distinct().count();
    }

    /**
     * Returns the values in {@code 1..max(values)} that nobody received.
     *
     * @return the missing values, sorted
     */
    public long[] gaps() {
      if (values.length == 0) {
        return new long[0];
      }
      long max = values[values.length - 1];
      List<Long> missing = new ArrayList<>();
      int i = 0;
      for (long v = 1; v <= max && missing.size() < 1000; v++) {
        while (i < values.length && values[i] < v) {
          i++;
        }
        if (i >= values.length || values[i] != v) {
          missing.add(v);
        }
      }
      return missing.stream().mapToLong(Long::longValue).toArray();
    }
  }

  /**
   * Calls {@code allocation} {@code perThread} times on each of {@code threads} threads, all started
   * at once.
   *
   * @param threads number of threads, at least 1
   * @param perThread calls per thread, at least 1
   * @param allocation the call under test, returning one value per call
   * @return what came back
   * @throws IllegalStateException if the run does not finish within 10 minutes
   */
  public static Result run(int threads, int perThread, LongSupplier allocation) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<long[]>> futures = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          long[] got = new long[perThread];
          int n = 0;
          start.await();
          for (int i = 0; i < perThread; i++) {
            try {
              got[n++] = allocation.getAsLong();
            } catch (RuntimeException e) {
              n--;
              failures.add(e);
            }
          }
          return Arrays.copyOf(got, n);
        }));
      }
      start.countDown();
      List<long[]> parts = new ArrayList<>();
      for (Future<long[]> f : futures) {
        parts.add(f.get(10, TimeUnit.MINUTES));
      }
      long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      return new Result(all, duplicatesOf(all), List.copyOf(failures));
    } catch (Exception e) {
      throw new IllegalStateException("concurrent allocation run failed: " + e, e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static long[] duplicatesOf(long[] sorted) {
    List<Long> dups = new ArrayList<>();
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1] && (dups.isEmpty() || dups.get(dups.size() - 1) != sorted[i])) {
        dups.add(sorted[i]);
      }
    }
    return dups.stream().mapToLong(Long::longValue).toArray();
  }
}
