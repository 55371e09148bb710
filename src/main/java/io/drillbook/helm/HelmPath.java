package io.drillbook.helm;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.HelmConfig;
import io.drillbook.drill.Abort;
import io.drillbook.drill.Cluster;
import io.drillbook.drill.InfrastructureException;
import io.drillbook.drill.PhaseLog;
import io.drillbook.drill.PreflightException;
import io.drillbook.drill.RollbackPath;
import io.drillbook.drill.RollbackPlan;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Rolls back and restores a Helm release with the real Helm CLI, {@code helm rollback RELEASE REVISION}: Helm's own
 * record then shows the drill (two new revisions: "Rollback to" the older one, then to the original). The plan's
 * revisions are the release's; the engine watches the drill's Deployment roll out like for every method.
 */
public final class HelmPath implements RollbackPath {
  private final Function<DrillConfig, HelmCli> clis;

  /** @param clis the helm CLI for a drill (its binary, kubeconfig and context) */
  public HelmPath(Function<DrillConfig, HelmCli> clis) {
    this.clis = clis;
  }

  /** The real helm named by each drill's config, against its target's kubeconfig and context. */
  public static HelmPath real() {
    return new HelmPath(d -> new HelmCli(d.helm().binary(), d.target().kubeconfig(), d.target().context()));
  }

  @Override
  public RollbackPlan plan(DrillConfig drill, Cluster cluster) throws PreflightException, InfrastructureException {
    HelmConfig helm = drill.helm();
    HelmCli cli = clis.apply(drill);
    try {
      HelmHistory history = cli.history(helm.namespace(), helm.release());
      ReleasePlan plan = ReleasePlan.of(helm, history, drill.toRevision());
      HelmManifest from = cli.manifest(helm.namespace(), helm.release(), plan.from().revision());
      HelmManifest to = cli.manifest(helm.namespace(), helm.release(), plan.to().revision());
      String deployment = drill.target().deployment();
      HelmManifest.Workload running = from.deployment(deployment).orElseThrow(() -> new PreflightException(
          "Helm release " + helm.namespace() + "/" + helm.release() + " revision " + plan.from().revision()
              + " renders no Deployment '" + deployment + "' (it renders: " + names(from) + ")"));
      HelmManifest.Workload target = to.deployment(deployment).orElseThrow(() -> new PreflightException(
          "Helm release " + helm.namespace() + "/" + helm.release() + " revision " + plan.to().revision()
              + " renders no Deployment '" + deployment + "': rolling back to it would remove the drill's target"));
      return new RollbackPlan(plan.from().revision(), running.image(), plan.to().revision(), target.image(),
          running.images().equals(target.images()), null);
    } catch (HelmException e) {
      if (e.lasting()) {
        throw new PreflightException(e.getMessage());
      }
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InfrastructureException("interrupted while reading Helm release " + helm.release());
    }
  }

  private static String names(HelmManifest manifest) {
    return manifest.deployments().isEmpty() ? "no Deployment"
        : String.join(", ", manifest.deployments().stream().map(HelmManifest.Workload::name).toList());
  }

  @Override
  public void preflight(DrillConfig drill, RollbackPlan plan, String drillId) {
    // plan() read the release's history and manifests: everything this path needs.
  }

  @Override
  public Trigger rollBack(DrillConfig drill, RollbackPlan plan, String drillId, PhaseLog phases, Abort abort)
      throws InfrastructureException, InterruptedException {
    HelmConfig helm = drill.helm();
    HelmCli cli = clis.apply(drill);
    phases.begin("rollback", "helm rollback " + helm.release() + " " + plan.toRevision() + " -n " + helm.namespace());
    HelmCli.Result result = cli.rollback(helm.namespace(), helm.release(), (int) plan.toRevision(), helm.timeout());
    Map<String, String> facts = new LinkedHashMap<>(describe(cli, helm, plan));
    if (!result.ok()) {
      String message = "helm rollback " + helm.release() + " " + plan.toRevision() + " failed: " + result.error();
      facts.put("helmError", result.error());
      phases.fail(message);
      return new Trigger(Trigger.Result.FAILED, message, facts);
    }
    HelmRevision written = cli.history(helm.namespace(), helm.release()).latest().orElseThrow();
    facts.put("helmRevisionRollback", Integer.toString(written.revision()));
    String message = "Helm wrote revision " + written.revision() + " (" + written.status() + ", \""
        + written.description() + "\")";
    phases.succeed(message);
    return Trigger.done(message, facts);
  }

  @Override
  public Trigger restore(DrillConfig drill, RollbackPlan plan, String drillId)
      throws InfrastructureException, InterruptedException {
    HelmConfig helm = drill.helm();
    HelmCli cli = clis.apply(drill);
    HelmHistory before = cli.history(helm.namespace(), helm.release());
    HelmRevision original = before.revision((int) plan.fromRevision()).orElseThrow(() -> new HelmException(
        "Helm release " + helm.release() + " no longer has revision " + plan.fromRevision()
            + " (pruned by --history-max?): cannot restore it with helm rollback", true));
    HelmRevision latest = before.latest().orElseThrow();
    if (latest.deployed() && latest.revision() > plan.fromRevision() && latest.rollbackOf() == plan.fromRevision()) {
      // A restore that already ran (its rollout then stalled) wrote this revision: rolling back again adds noise.
      return new Trigger(Trigger.Result.SKIPPED, "revision " + latest.revision() + " already restores revision "
          + plan.fromRevision(), Map.of("helmRevisionRestore", Integer.toString(latest.revision())));
    }
    // A pending rollback left by this drill is cleared by rolling back again: rollback does not check Helm's lock.
    HelmCli.Result result = cli.rollback(helm.namespace(), helm.release(), (int) plan.fromRevision(),
        helm.timeout());
    if (!result.ok()) {
      throw HelmCli.failure("helm rollback " + helm.release() + " " + plan.fromRevision(), result);
    }
    HelmRevision written = cli.history(helm.namespace(), helm.release()).latest().orElseThrow();
    if (!written.deployed() || !written.chart().equals(original.chart())) {
      throw new HelmException("helm rollback " + helm.release() + " " + plan.fromRevision() + " wrote revision "
          + written.revision() + " " + written.status() + " with chart " + written.chart() + "; expected deployed "
          + original.chart());
    }
    return Trigger.done("helm rollback " + helm.release() + " " + plan.fromRevision() + ": revision "
        + written.revision() + " deployed", Map.of("helmRevisionRestore", Integer.toString(written.revision())));
  }

  private static Map<String, String> describe(HelmCli cli, HelmConfig helm, RollbackPlan plan)
      throws InterruptedException {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("helmRelease", helm.namespace() + "/" + helm.release());
    facts.put("helmRevisionBefore", Long.toString(plan.fromRevision()));
    facts.put("helmRevisionTarget", Long.toString(plan.toRevision()));
    try {
      facts.put("helmVersion", cli.version());
    } catch (HelmException e) {
      facts.put("helmVersion", "unknown (" + e.getMessage() + ")");
    }
    return facts;
  }
}
