package io.drillbook.verify;

import io.drillbook.config.TargetConfig;
import io.drillbook.drill.InfrastructureException;
import io.drillbook.signals.MetricsUnavailable;
import io.drillbook.signals.PodUsage;
import io.drillbook.signals.TrafficSource;
import io.drillbook.time.Timing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads the target's pod usage every interval on a background thread while verification waits out the sustain
 * window, keeping each distinct sample (pod and pipeline timestamp) with the time it was read, so the samples of
 * exactly the window that held can be judged afterwards.
 */
final class TrafficSampler implements AutoCloseable {
  private record Read(Instant at, PodUsage usage) {}

  private final TrafficSource source;
  private final TargetConfig target;
  private final Timing timing;
  private final ScheduledExecutorService executor;
  private final List<Read> reads = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private volatile MetricsUnavailable unavailable;
  private volatile String lastError;
  private volatile int errors;

  private TrafficSampler(TrafficSource source, TargetConfig target, Timing timing) {
    this.source = source;
    this.target = target;
    this.timing = timing;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "drillbook-traffic-" + target.deployment());
      t.setDaemon(true);
      return t;
    });
  }

  static TrafficSampler start(TrafficSource source, TargetConfig target, Duration interval, Timing timing) {
    TrafficSampler sampler = new TrafficSampler(source, target, timing);
    sampler.executor.scheduleWithFixedDelay(sampler::tick, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    return sampler;
  }

  private void tick() {
    if (unavailable != null) {
      return;
    }
    try {
      List<PodUsage> usage = source.usage(target);
      Instant at = timing.now();
      synchronized (reads) {
        for (PodUsage u : usage) {
          if (seen.add(u.pod() + "@" + u.timestamp())) {
            reads.add(new Read(at, u));
          }
        }
      }
    } catch (MetricsUnavailable e) {
      unavailable = e;
    } catch (InfrastructureException e) {
      errors++;
      lastError = e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      errors++;
      lastError = e.toString();
    }
  }

  /** Samples read from {@code from} to {@code to}, by pod, in reading order. */
  Map<String, List<PodUsage>> samplesBetween(Instant from, Instant to) {
    Map<String, List<PodUsage>> byPod = new LinkedHashMap<>();
    synchronized (reads) {
      for (Read r : reads) {
        if (!r.at().isBefore(from) && !r.at().isAfter(to)) {
          byPod.computeIfAbsent(r.usage().pod(), p -> new ArrayList<>()).add(r.usage());
        }
      }
    }
    return byPod;
  }

  /** Why the metrics could not be read at all (no permission, no metrics API), or null. */
  MetricsUnavailable unavailable() {
    return unavailable;
  }

  int errors() {
    return errors;
  }

  String lastError() {
    return lastError;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
