package io.github.customerid.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * An executor that only queues: the test decides when the queued prefetches run, each time on a new
 * thread named {@value #THREAD_NAME}.
 */
final class ManualExecutor implements Executor {

  static final String THREAD_NAME = "manual-prefetch";

  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Throwable> thrown = new ConcurrentLinkedQueue<>();

  @Override
  public void execute(Runnable task) {
    queue.add(task);
  }

  int pending() {
    return queue.size();
  }

  /** Starts a thread that runs every queued task, and returns it. */
  Thread start() {
    Thread t = new Thread(() -> {
      Runnable r;
      while ((r = queue.poll()) != null) {
        try {
          r.run();
        } catch (Throwable e) {
          thrown.add(e);
        }
      }
    }, THREAD_NAME);
    t.start();
    return t;
  }

  /** What the tasks threw since the last call, in order; forgets it, so that runPending() passes. */
  List<Throwable> takeThrown() {
    List<Throwable> taken = new ArrayList<>();
    Throwable t;
    while ((t = thrown.poll()) != null) {
      taken.add(t);
    }
    return taken;
  }

  /** Runs every queued task on another thread and waits until they are done. */
  void runPending() throws InterruptedException {
    Thread t = start();
    t.join(TimeUnit.SECONDS.toMillis(30));
    if (t.isAlive()) {
      throw new AssertionError("queued prefetch did not finish within 30 s");
    }
    if (!thrown.isEmpty()) {
      throw new AssertionError("a prefetch task threw", thrown.peek());
    }
  }
}
