package io.drillbook.verify;

import io.drillbook.config.TargetConfig;
import io.drillbook.drill.ClusterException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The recent log lines of a target's pods, keyed {@code pod/container}. */
@FunctionalInterface
public interface PodLogs {
  Map<String, List<String>> recentLogs(TargetConfig target, Duration window) throws ClusterException;
}
