package io.drillbook.evidence;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that hash and parse entries while the reading thread splits the file: one per core, at most
 * {@link #MAX}, none on a single core. As many as the cores, not one fewer, because the reader waits whenever it is
 * ahead, and a waiting reader's core is then still hashing. Daemon threads that end when idle, so a one-shot command
 * exits at once and a long-running scheduler holds no threads between reports.
 */
final class ParseWorkers {

  static final int MAX = 3;

  private static final int CORES = Runtime.getRuntime().availableProcessors();
  private static final int COUNT = CORES <= 1 ? 0 : Math.min(MAX, CORES);
  private static final ExecutorService POOL = COUNT <= 0 ? null : pool(COUNT);

  private ParseWorkers() {}

  /** The shared pool, or null when entries are best read on the caller's thread. */
  static ExecutorService shared() {
    return POOL;
  }

  static int count() {
    return Math.max(COUNT, 1);
  }

  private static ExecutorService pool(int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 5, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "drillbook-evidence-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
