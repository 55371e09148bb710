package io.drillbook.config;

import java.util.List;
import java.util.Optional;

/**
 * A loaded {@code drillbook.yaml}.
 *
 * @param source where it was read from (for messages)
 * @param drills declared drills, in file order
 */
public record DrillbookConfig(String source, List<DrillConfig> drills) {
  public DrillbookConfig {
    drills = List.copyOf(drills);
  }

  public Optional<DrillConfig> drill(String name) {
    return drills.stream().filter(d -> d.name().equals(name)).findFirst();
  }

  public List<String> drillNames() {
    return drills.stream().map(DrillConfig::name).toList();
  }
}
