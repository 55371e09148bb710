package io.drillbook.config;

import static io.drillbook.config.ConfigValues.abbreviate;
import static io.drillbook.config.ConfigValues.present;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Reads the top-level {@code scheduler} section: the Quartz store, its pool and the target Lease. */
final class SchedulerKeys {
  private static final Set<String> SCHEDULER_KEYS = ConfigNode.keys("store", "jdbcUrl", "user", "passwordEnv",
      "instanceId", "threads", "misfireGrace", "shutdownGrace", "port", "leaseDuration");

  SchedulerConfig scheduler(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(SCHEDULER_KEYS);
    SchedulerConfig d = SchedulerConfig.DEFAULT;
    String store = present(keys, "store") ? keys.get("store").nonBlank() : "memory";
    if (!store.equals("memory") && !store.equals("jdbc")) {
      throw keys.get("store").error("expected memory or jdbc, found '" + abbreviate(store) + "'");
    }
    boolean jdbc = store.equals("jdbc");
    String url = present(keys, "jdbcUrl") ? keys.get("jdbcUrl").nonBlank() : null;
    if (jdbc && (url == null || !(url.startsWith("jdbc:postgresql:") || url.startsWith("${")))) {
      throw (url == null ? node : keys.get("jdbcUrl")).error("the jdbc store needs jdbcUrl: jdbc:postgresql://HOST:PORT/DB");
    }
    int threads = present(keys, "threads") ? (int) keys.get("threads").integer() : d.threads();
    if (threads < 1 || threads > 100) {
      throw keys.get("threads").error("must be between 1 and 100");
    }
    int port = present(keys, "port") ? (int) keys.get("port").integer() : d.port();
    if (port < 0 || port > 65535) {
      throw keys.get("port").error("must be a port number (0 for a free one)");
    }
    return new SchedulerConfig(jdbc, url, present(keys, "user") ? keys.get("user").nonBlank() : null,
        present(keys, "passwordEnv") ? keys.get("passwordEnv").nonBlank() : null,
        present(keys, "instanceId") ? keys.get("instanceId").nonBlank() : null, threads,
        present(keys, "misfireGrace") ? keys.get("misfireGrace").duration() : d.misfireGrace(),
        present(keys, "shutdownGrace") ? keys.get("shutdownGrace").duration() : d.shutdownGrace(), port,
        leaseDuration(keys, d));
  }

  private static Duration leaseDuration(Map<String, ConfigNode> keys, SchedulerConfig d) throws ConfigException {
    if (!present(keys, "leaseDuration")) {
      return d.leaseDuration();
    }
    Duration lease = keys.get("leaseDuration").duration();
    if (lease.toMillis() < 1000 || lease.toSeconds() > Integer.MAX_VALUE) {
      throw keys.get("leaseDuration").error("must be at least 1s (a Lease counts whole seconds)");
    }
    return lease;
  }
}
