package io.drillbook.app;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.DrillbookConfig;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * The drills a command works on, resolved once and used by every step of it: the config loaded (with the runbooks
 * its drills verify against), the command line's cluster flags applied to every target, and, for a sandbox plan,
 * every target aimed at the embedded sandbox this plan runs until closed.
 */
public final class DrillPlan implements AutoCloseable {
  private final DrillbookConfig config;
  private final SandboxTargets sandbox;
  private final AutoCloseable scratch;

  DrillPlan(DrillbookConfig config, SandboxTargets sandbox) {
    this(config, sandbox, null);
  }

  /** @param scratch what the plan made for itself (a demo's namespace and release), removed on close */
  DrillPlan(DrillbookConfig config, SandboxTargets sandbox, AutoCloseable scratch) {
    this.config = config;
    this.sandbox = sandbox;
    this.scratch = scratch;
  }

  public DrillbookConfig config() {
    return config;
  }

  public List<DrillConfig> drills() {
    return config.drills();
  }

  /**
   * The drill named {@code name}, its kubeconfig checked.
   *
   * @throws InputException when the config declares no such drill, or its kubeconfig is not a file
   */
  public DrillConfig drill(String name) {
    DrillConfig drill = config.drill(name).orElseThrow(() -> new InputException("no drill named '" + name + "' in "
        + config.source() + "; it declares: " + String.join(", ", config.drillNames())));
    if (drill.target().kubeconfig() != null && !Files.isRegularFile(drill.target().kubeconfig())) {
      throw new InputException("kubeconfig " + drill.target().kubeconfig() + " does not exist or is not a file");
    }
    return drill;
  }

  /** The sandbox this plan drills against, if it is a sandbox plan. */
  public Optional<SandboxTargets> sandbox() {
    return Optional.ofNullable(sandbox);
  }

  /** Stops this plan's sandbox and removes what it made for itself, if anything. */
  @Override
  public void close() {
    if (sandbox != null) {
      sandbox.close();
    }
    if (scratch != null) {
      try {
        scratch.close();
      } catch (Exception e) {
        throw new IllegalStateException("could not clean up after the plan: " + e.getMessage(), e);
      }
    }
  }
}
