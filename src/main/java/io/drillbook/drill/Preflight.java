package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import io.drillbook.time.Timing;
import java.util.List;
import java.util.function.Function;

/**
 * The checks before a drill changes anything: the production guard, the identity's permissions, the rollback plan,
 * the rollback path's own preflight and the runbook verifier's preparation.
 */
final class Preflight {
  private final Cluster cluster;
  private final Function<DrillConfig, RollbackPath> paths;
  private final Verifier verifier;
  private final ProductionGuard guard;
  private final DrillIds ids;
  private final Timing timing;
  private final GitOpsGuard gitops;

  Preflight(Cluster cluster, Function<DrillConfig, RollbackPath> paths, Verifier verifier, ProductionGuard guard,
      DrillIds ids, Timing timing, GitOpsGuard gitops) {
    this.gitops = gitops;
    this.cluster = cluster;
    this.paths = paths;
    this.verifier = verifier;
    this.guard = guard;
    this.ids = ids;
    this.timing = timing;
  }

  /** Preflight only: what a drill would do. Touches nothing. */
  RollbackPlan plan(DrillConfig drill) throws PreflightException, InfrastructureException {
    guard.check(drill, cluster.identity());
    checkAccess(drill);
    Ownership owners = gitops.check(drill);
    RollbackPath path = paths.apply(drill);
    RollbackPlan plan = path.plan(drill, cluster).withOwnership(owners);
    String drillId = ids.next(drill.name(), timing.now());
    path.preflight(drill, plan, drillId);
    plan = withFallback(drill, plan, drillId);
    if (drill.verification() != null) {
      verifier.prepare(drill, drillId);
    }
    return plan;
  }

  boolean refusesAsProduction(DrillConfig drill) {
    try {
      guard.check(drill, cluster.identity());
      return false;
    } catch (PreflightException e) {
      return true;
    }
  }

  void checkAccess(DrillConfig drill) throws PreflightException, InfrastructureException {
    List<String> denied = cluster.deniedAccess(drill.target(), drill.verification() != null);
    if (!denied.isEmpty()) {
      throw new PreflightException("this identity may not " + String.join(", ", denied) + " in namespace "
          + drill.target().namespace() + ", which the drill and its restore need; grant them with the Role in "
          + "k8s/base/role.yaml");
    }
    if (drill.helm() != null) {
      List<String> helmDenied = cluster.deniedHelmAccess(drill.helm().namespace());
      if (!helmDenied.isEmpty()) {
        throw new PreflightException("this identity may not " + String.join(", ", helmDenied) + " in namespace "
            + drill.helm().namespace() + ", which helm needs to roll release " + drill.helm().release() + " back and "
            + "forward; grant them with the Role in k8s/optional/helm-role.yaml");
      }
    }
  }

  /**
   * The preflight phase of a run: plans the rollback and prepares {@code path} and the verifier, noting the plan and
   * what preflight learned (a production override, the offending commit) in {@code out}.
   */
  RollbackPlan prepare(DrillConfig drill, RollbackPath path, RunTally out)
      throws PreflightException, InfrastructureException {
    String productionOverride = guard.check(drill, cluster.identity());
    if (productionOverride != null) {
      out.facts.put("productionOverride", productionOverride);
    }
    Ownership owners = gitops.check(drill);
    if (owners.reconciled()) {
      out.facts.put(GitOpsGuard.OWNERS, owners.describe());
    }
    RollbackPlan plan = path.plan(drill, cluster).withOwnership(owners);
    out.plan = plan;
    if (plan.fromCommit() != null) {
      out.facts.put(Fact.OFFENDING_COMMIT.name(), plan.fromCommit());
    }
    if (plan.helmRelease() != null) {
      out.facts.put(Fact.HELM_MANAGED.name(), plan.helmRelease());
    }
    path.preflight(drill, plan, out.drillId);
    plan = withFallback(drill, plan, out.drillId);
    out.plan = plan;
    if (!plan.warnings().isEmpty()) {
      out.facts.put(Fact.PREFLIGHT_WARNINGS.name(), String.join("; ", plan.warnings()));
    }
    if (drill.verification() != null) {
      out.facts.putAll(verifier.prepare(drill, out.drillId));
    }
    return plan;
  }

  /**
   * Plans the drill's fallback path up front, so a drill whose fallback could not run is refused before anything
   * changes rather than discovered when the first path has already given up.
   */
  private RollbackPlan withFallback(DrillConfig drill, RollbackPlan plan, String drillId)
      throws PreflightException, InfrastructureException {
    if (drill.fallback() == null) {
      return plan;
    }
    String name = drill.fallback().method().configName();
    RollbackPath second = paths.apply(drill.asFallback());
    RollbackPlan fallback;
    try {
      fallback = second.plan(drill, cluster);
      second.preflight(drill, fallback, drillId);
    } catch (PreflightException e) {
      throw new PreflightException("the fallback path (" + name + ") could not run: " + e.getMessage());
    }
    if (fallback.alreadyAtTarget()) {
      throw new PreflightException("the fallback path (" + name + ") would change nothing: the running release "
          + "already matches revision " + fallback.toRevision());
    }
    for (String warning : fallback.warnings()) {
      plan = plan.withWarning("fallback " + name + ": " + warning);
    }
    return plan.withFallback(fallback);
  }
}
