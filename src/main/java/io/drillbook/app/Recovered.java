package io.drillbook.app;

import io.drillbook.drill.Recovery;
import java.util.List;

/**
 * What {@code recover} found and did.
 *
 * @param found one item per marked target (empty when no target was marked)
 * @param targetsChecked the distinct targets (per cluster) that were looked at
 */
public record Recovered(List<Recovery.Found> found, int targetsChecked) {
  public Recovered {
    found = List.copyOf(found);
  }
}
