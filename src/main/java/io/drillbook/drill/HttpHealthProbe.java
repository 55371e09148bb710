package io.drillbook.drill;

import io.drillbook.time.Timing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@link HealthProbe} over HTTP with exponential backoff (100 ms doubling to 2 s). */
public final class HttpHealthProbe implements HealthProbe {
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http;
  private final Timing timing;

  public HttpHealthProbe(Timing timing) {
    this(HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build(),
        timing);
  }

  HttpHealthProbe(HttpClient http, Timing timing) {
    this.http = http;
    this.timing = timing;
  }

  @Override
  public HealthResult await(URI url, int expectStatus, Duration timeout, Abort abort) throws InterruptedException {
    CountDownLatch aborted = new CountDownLatch(1);
    abort.onFire(aborted::countDown);
    long deadline = timing.nanos() + timeout.toNanos();
    Duration backoff = FIRST_BACKOFF;
    int attempts = 0;
    int lastStatus = 0;
    String lastError = null;
    while (true) {
      long remaining = deadline - timing.nanos();
      if (remaining <= 0 || abort.fired()) {
        return new HealthResult(false, attempts, lastStatus, abort.fired() ? "aborted: " + abort.reason() : lastError,
            timing.nanos());
      }
      attempts++;
      Duration requestTimeout = Duration.ofNanos(Math.min(remaining, REQUEST_TIMEOUT.toNanos()));
      try {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(requestTimeout).GET()
            .header("User-Agent", "drillbook").build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        long answeredAt = timing.nanos();
        lastStatus = response.statusCode();
        lastError = null;
        if (lastStatus == expectStatus) {
          return new HealthResult(true, attempts, lastStatus, null, answeredAt);
        }
      } catch (IOException e) {
        lastError = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
      long pause = Math.min(backoff.toNanos(), Math.max(deadline - timing.nanos(), 0));
      if (aborted.await(pause, TimeUnit.NANOSECONDS)) {
        continue;
      }
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }
  }
}
