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
import java.util.List;
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
      RollbackPlan rollback = new RollbackPlan(plan.from().revision(), running.image(), plan.to().revision(),
          target.image(), running.images().equals(target.images()), null);
      return withHistoryLimit(rollback, helm, history);
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

  /**
   * Warns which revisions the drill's two rollbacks will prune at {@code historyMax}; refuses when that includes the
   * release's last known-good revision, the one an operator would roll back to in an incident.
   */
  private static RollbackPlan withHistoryLimit(RollbackPlan plan, HelmConfig helm, HelmHistory history)
      throws PreflightException {
    List<Integer> pruned = HistoryPruning.prunedByDrill(history, helm.historyMax());
    if (pruned.isEmpty()) {
      return plan;
    }
    int good = HistoryPruning.lastKnownGood(history, (int) plan.fromRevision());
    String release = "Helm release " + helm.namespace() + "/" + helm.release();
    // Rolling back to the known-good revision itself copies it into the rollback's revision, which Helm keeps.
    if (pruned.contains(good) && good != plan.toRevision()) {
      throw new PreflightException(release + ": the drill's two revisions would prune revision " + good
          + ", its last known-good revision before the deployed one, at --history-max " + helm.historyMax()
          + "; raise helm.historyMax (0 = no limit) or roll the release forward first");
    }
    return plan.withWarning(release + " keeps " + helm.historyMax() + " revisions (--history-max): the drill's two "
        + "revisions prune revision" + (pruned.size() == 1 ? " " : "s ") + pruned.stream().map(String::valueOf)
        .collect(java.util.stream.Collectors.joining(", ")));
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
    // Read before the phase opens: recovery is timed from the rollback itself, not from drillbook's bookkeeping.
    Map<String, String> facts = new LinkedHashMap<>(describe(cli, helm, plan));
    phases.begin("rollback", "helm rollback " + helm.release() + " " + plan.toRevision() + " -n " + helm.namespace());
    HelmCli.Result result = cli.rollback(helm.namespace(), helm.release(), (int) plan.toRevision(), helm.timeout(),
        helm.historyMax());
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
    RestoreStep step = RestoreStep.of(before, plan);
    switch (step.action()) {
      case ALREADY_RESTORED -> {
        return new Trigger(Trigger.Result.SKIPPED, step.reason(),
            Map.of("helmRevisionRestore", Integer.toString(before.latest().orElseThrow().revision())));
      }
      case LEAVE_ALONE -> throw new HelmException("Helm release " + helm.namespace() + "/" + helm.release() + ": "
          + step.reason(), true);
      case ROLL_BACK -> { }
    }
    HelmCli.Result result = cli.rollback(helm.namespace(), helm.release(), (int) plan.fromRevision(),
        helm.timeout(), helm.historyMax());
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

  /** The release as the drill found it, for the entry: chart, app version, the revisions, helm's version. */
  private static Map<String, String> describe(HelmCli cli, HelmConfig helm, RollbackPlan plan)
      throws InterruptedException, HelmException {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("helmRelease", helm.namespace() + "/" + helm.release());
    HelmHistory history = cli.history(helm.namespace(), helm.release());
    history.revision((int) plan.fromRevision()).ifPresent(r -> {
      facts.put("helmChart", r.chart());
      facts.put("helmAppVersion", r.appVersion());
    });
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
