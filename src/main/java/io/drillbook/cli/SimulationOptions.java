package io.drillbook.cli;

import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Sandbox behaviour flags shared by {@code demo} and {@code sandbox}. */
final class SimulationOptions {
  @Option(names = "--scenario", paramLabel = "pass|fail|crash|unsteady", defaultValue = "pass",
      description = "pass: every image is healthy; fail: each deployment's previous image never becomes ready, so a "
          + "drill must FAIL and staging must end restored; crash: the previous image rolls out and answers health "
          + "but its pods log the same stack trace again and again; unsteady: the previous image rolls out healthy "
          + "but its pods' CPU swings in the metrics API, so a runbook's traffic check fails "
          + "(default: ${DEFAULT-VALUE}).")
  ScenarioOption scenario;

  @Option(names = "--rollout-delay", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Sandbox time per rollout step, e.g. 500ms or 2s (default: 1s).")
  Duration rolloutDelay;

  /** {@code base} with this rollout delay and the scenario's broken images for its seeds. */
  SandboxOptions applyTo(SandboxOptions base) {
    Scenario chosen = switch (scenario) {
      case fail -> Scenario.FAIL;
      case crash -> Scenario.CRASH;
      case unsteady -> Scenario.UNSTEADY;
      case pass -> Scenario.PASS;
    };
    return base.withRolloutDelay(rolloutDelay == null ? base.rolloutDelay() : rolloutDelay)
        .withBrokenImages(chosen.brokenImages(base.seeds()))
        .withCrashingImages(chosen.crashingImages(base.seeds()))
        .withUnsteadyImages(chosen.unsteadyImages(base.seeds()));
  }
}
