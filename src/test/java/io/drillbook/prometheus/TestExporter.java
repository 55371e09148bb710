package io.drillbook.prometheus;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A metrics endpoint on loopback in the Prometheus text exposition format whose values the test drives: gauges
 * are set, counters grow at a set rate per second (so {@code rate()} reads that rate back), histograms observe a set
 * number of values per second, all of one size.
 */
public final class TestExporter implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, String> types = new ConcurrentHashMap<>();
  // Keyed by the exposition line's name and labels, so output is sorted and one series is one line.
  private final Map<String, Series> series = new ConcurrentHashMap<>();

  private interface Series {
    double value(long nanos);
  }

  private record Gauge(double value) implements Series {
    @Override
    public double value(long nanos) {
      return value;
    }
  }

  private record Counter(double base, double perSecond, long since) implements Series {
    @Override
    public double value(long nanos) {
      return base + perSecond * (nanos - since) / 1e9;
    }
  }

  private TestExporter() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/metrics", exchange -> {
      byte[] body = render().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  public static TestExporter start() throws IOException {
    return new TestExporter();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public void gauge(String name, Map<String, String> labels, double value) {
    types.put(name, "gauge");
    series.put(key(name, labels), new Gauge(value));
  }

  /** Makes the counter grow by {@code perSecond} from now on, keeping what it has counted so far. */
  public void counter(String name, Map<String, String> labels, double perSecond) {
    types.put(name, "counter");
    setRate(key(name, labels), perSecond);
  }

  /**
   * Makes the histogram observe {@code perSecond} values per second from now on, each of size {@code observed}.
   *
   * @param bounds the upper bounds of the finite buckets, ascending
   */
  public void histogram(String name, Map<String, String> labels, double[] bounds, double perSecond, double observed) {
    types.put(name, "histogram");
    for (double bound : bounds) {
      Map<String, String> withLe = new TreeMap<>(labels);
      withLe.put("le", Double.toString(bound));
      setRate(key(name + "_bucket", withLe), observed <= bound ? perSecond : 0);
    }
    Map<String, String> inf = new TreeMap<>(labels);
    inf.put("le", "+Inf");
    setRate(key(name + "_bucket", inf), perSecond);
    setRate(key(name + "_sum", labels), perSecond * observed);
    setRate(key(name + "_count", labels), perSecond);
  }

  private synchronized void setRate(String key, double perSecond) {
    long now = System.nanoTime();
    Series old = series.get(key);
    series.put(key, new Counter(old == null ? 0 : old.value(now), perSecond, now));
  }

  private String render() {
    long now = System.nanoTime();
    StringBuilder out = new StringBuilder();
    new TreeMap<>(types).forEach((name, type) -> {
      out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
      List<String> lines = new ArrayList<>();
      series.forEach((key, s) -> {
        String seriesName = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
        if (seriesName.equals(name) || (type.equals("histogram") && (seriesName.equals(name + "_bucket")
            || seriesName.equals(name + "_sum") || seriesName.equals(name + "_count")))) {
          lines.add(key + " " + format(s.value(now)));
        }
      });
      lines.stream().sorted().forEach(line -> out.append(line).append('\n'));
    });
    return out.toString();
  }

  private static String key(String name, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return name;
    }
    StringBuilder out = new StringBuilder(name).append('{');
    new TreeMap<>(labels).forEach((label, value) -> out.append(out.charAt(out.length() - 1) == '{' ? "" : ",")
        .append(label).append("=\"")
        .append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"'));
    return out.append('}').toString();
  }

  private static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(value);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
