package io.drillbook.schedule;

import io.drillbook.config.DrillConfig;
import io.drillbook.drill.DrillService;
import io.drillbook.drill.Recovery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cluster connection per kubeconfig and context, made on first use and shared by every drill aimed at it, with
 * the drill service and the crash recovery over it. Closing closes the connections.
 */
public final class TargetServices implements AutoCloseable {

  /** Connects to the cluster a drill is aimed at: the composition root's seam. */
  @FunctionalInterface
  public interface Connector {
    Connection connect(DrillConfig drill) throws Exception;
  }

  /** A connected cluster: the service that runs drills on it, its crash recovery, and how to let it go. */
  public record Connection(DrillService service, Recovery recovery, AutoCloseable cluster) {}

  private final Connector connector;
  private final Map<String, Connection> connections = new LinkedHashMap<>();

  public TargetServices(Connector connector) {
    this.connector = connector;
  }

  /** The connection for {@code drill}'s cluster. */
  public synchronized Connection forDrill(DrillConfig drill) throws Exception {
    String key = key(drill);
    Connection existing = connections.get(key);
    if (existing != null) {
      return existing;
    }
    Connection made = connector.connect(drill);
    connections.put(key, made);
    return made;
  }

  /** The drills grouped by the cluster they are aimed at, in config order. */
  public static Map<String, List<DrillConfig>> byCluster(List<DrillConfig> drills) {
    Map<String, List<DrillConfig>> groups = new LinkedHashMap<>();
    drills.forEach(d -> groups.computeIfAbsent(key(d), k -> new ArrayList<>()).add(d));
    return groups;
  }

  private static String key(DrillConfig drill) {
    return drill.target().kubeconfig() + "|" + drill.target().context();
  }

  @Override
  public synchronized void close() {
    connections.values().forEach(c -> {
      try {
        c.cluster().close();
      } catch (Exception e) {
        // Closing a connection at shutdown: nothing left to do about it.
      }
    });
    connections.clear();
  }
}
