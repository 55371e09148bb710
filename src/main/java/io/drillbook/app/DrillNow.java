package io.drillbook.app;

import io.drillbook.drill.DrillService.DrillRun;
import io.drillbook.drill.Recovery;
import java.util.List;

/**
 * What running a drill now did.
 *
 * @param recovered what crash recovery found on the target first (a dead drill's target is restored before)
 * @param run the drill's run and where its entry went; SKIPPED without touching the target when another drill of it
 *     was seen running
 */
public record DrillNow(List<Recovery.Found> recovered, DrillRun run) {
  public DrillNow {
    recovered = List.copyOf(recovered);
  }
}
