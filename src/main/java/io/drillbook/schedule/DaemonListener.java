package io.drillbook.schedule;

import io.drillbook.drill.DrillService.DrillRun;
import io.drillbook.drill.Recovery;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the daemon tells its operator: the CLI prints it, tests collect it. */
public interface DaemonListener {

  /** The scheduler is up and firing. */
  void started(String instanceId, boolean jdbc, int drills, int port, Map<String, Instant> nextFires);

  /** A scheduled drill finished. */
  void ran(DrillRun run, boolean recoveringDeadReplica);

  /** A fire was missed and recorded as MISSED. */
  void missed(String drill, Instant fireTime, String why, DrillRun recorded);

  /** A crash-recovery pass found markers (nothing is reported for a pass that found none). */
  void recovered(List<Recovery.Found> found);

  /** Something went wrong that the daemon rides out. */
  void problem(String message);
}
