package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * One complete drill as every trigger runs it (CLI, demo, scheduler): run the engine, then append the evidence.
 */
public final class DrillService {
  private final DrillEngine engine;
  private final Function<Path, EvidenceSink> sinks;

  /**
   * @param sinks opens the evidence sink for a drill's configured log
   */
  public DrillService(DrillEngine engine, Function<Path, EvidenceSink> sinks) {
    this.engine = engine;
    this.sinks = sinks;
  }

  public DrillEngine engine() {
    return engine;
  }

  /** Runs the drill and records it. Evidence trouble never undoes the restore; it is reported in the result. */
  public DrillRun execute(DrillConfig drill, Abort abort, DrillListener listener) {
    DrillRecord record = engine.run(drill, abort, listener);
    try {
      String where = sinks.apply(drill.evidenceLog()).append(record);
      return new DrillRun(record, where, null);
    } catch (IOException | RuntimeException e) {
      return new DrillRun(record, null, "could not append evidence to " + drill.evidenceLog() + ": " + e.getMessage());
    }
  }

  /**
   * @param record what the drill established
   * @param evidenceLocation where the entry was appended, or null when appending failed
   * @param evidenceError why appending failed, or null
   */
  public record DrillRun(DrillRecord record, String evidenceLocation, String evidenceError) {}
}
