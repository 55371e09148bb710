package io.drillbook.app;

import io.drillbook.config.DrillConfig;
import io.drillbook.drill.DrillListener;
import io.drillbook.drill.Recovery;
import java.util.List;

/** Hears a drill run now: what the pre-drill recovery found, the drill starting, then its phases. */
public interface DrillWatcher extends DrillListener {
  /** Crash recovery ran on the target before the drill; {@code found} is empty when nothing was marked. */
  default void recovered(List<Recovery.Found> found) {}

  /** The drill is about to run. */
  default void starting(DrillConfig drill) {}
}
