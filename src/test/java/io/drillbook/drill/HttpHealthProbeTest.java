package io.drillbook.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.drillbook.time.Timing;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpHealthProbeTest {
  private HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();
  private volatile int healthyAfter = 3;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/health", exchange -> {
      int n = calls.incrementAndGet();
      exchange.sendResponseHeaders(n >= healthyAfter ? 200 : 503, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
  }

  @Test
  void retriesUntilTheExpectedStatusArrives() throws Exception {
    HealthProbe.HealthResult r = new HttpHealthProbe(Timing.system()).await(url(), 200, Duration.ofSeconds(20), new Abort());
    assertThat(r.ok()).isTrue();
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(r.lastStatus()).isEqualTo(200);
  }

  @Test
  void givesUpAfterTheTimeoutWithTheLastStatus() throws Exception {
    healthyAfter = Integer.MAX_VALUE;
    HealthProbe.HealthResult r = new HttpHealthProbe(Timing.system()).await(url(), 200, Duration.ofMillis(600), new Abort());
    assertThat(r.ok()).isFalse();
    assertThat(r.lastStatus()).isEqualTo(503);
    assertThat(r.attempts()).isGreaterThan(1);
  }

  @Test
  void reportsConnectionFailuresWithoutAnAnswer() throws Exception {
    URI closed = url();
    server.stop(0);
    HealthProbe.HealthResult r = new HttpHealthProbe(Timing.system()).await(closed, 200, Duration.ofMillis(500), new Abort());
    assertThat(r.ok()).isFalse();
    assertThat(r.lastStatus()).isZero();
    assertThat(r.lastError()).contains("ConnectException");
  }

  @Test
  void abortEndsTheWaitEarly() throws Exception {
    healthyAfter = Integer.MAX_VALUE;
    Abort abort = new Abort();
    abort.fire("stop condition");
    HealthProbe.HealthResult r = new HttpHealthProbe(Timing.system()).await(url(), 200, Duration.ofMinutes(5), abort);
    assertThat(r.ok()).isFalse();
    assertThat(r.lastError()).contains("aborted: stop condition");
  }
}
