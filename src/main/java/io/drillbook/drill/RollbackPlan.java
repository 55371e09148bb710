package io.drillbook.drill;

import java.util.ArrayList;
import java.util.List;

/**
 * What a rollback will do, established by preflight.
 *
 * @param fromRevision revision running now
 * @param fromImage its container image(s)
 * @param toRevision revision to roll back to
 * @param toImage its container image(s)
 * @param alreadyAtTarget the current template already equals the target's (kubectl would skip)
 * @param fromCommit the source commit of the running release ({@code org.opencontainers.image.revision} on the
 *     pod template or the Deployment), or null when not annotated
 * @param helmRelease {@code NAMESPACE/NAME} of the Helm release that manages the Deployment (its
 *     {@code app.kubernetes.io/managed-by: Helm} label and {@code meta.helm.sh/release-name} annotation), or null
 * @param warnings what preflight found that does not stop the drill but the operator should know
 * @param fallback the plan of the drill's fallback path (in that path's revisions), or null without one
 * @param ownership who else reconciles the target (Argo CD, Flux), and what a paused drill suspends
 */
public record RollbackPlan(
    long fromRevision, String fromImage, long toRevision, String toImage, boolean alreadyAtTarget,
    String fromCommit, String helmRelease, List<String> warnings, RollbackPlan fallback, Ownership ownership) {
  public RollbackPlan {
    warnings = List.copyOf(warnings);
    ownership = ownership == null ? Ownership.NONE : ownership;
  }

  public RollbackPlan(long fromRevision, String fromImage, long toRevision, String toImage, boolean alreadyAtTarget,
      String fromCommit, String helmRelease, List<String> warnings, RollbackPlan fallback) {
    this(fromRevision, fromImage, toRevision, toImage, alreadyAtTarget, fromCommit, helmRelease, warnings, fallback,
        Ownership.NONE);
  }

  public RollbackPlan(long fromRevision, String fromImage, long toRevision, String toImage, boolean alreadyAtTarget,
      String fromCommit, String helmRelease, List<String> warnings) {
    this(fromRevision, fromImage, toRevision, toImage, alreadyAtTarget, fromCommit, helmRelease, warnings, null);
  }

  public RollbackPlan(long fromRevision, String fromImage, long toRevision, String toImage, boolean alreadyAtTarget,
      String fromCommit) {
    this(fromRevision, fromImage, toRevision, toImage, alreadyAtTarget, fromCommit, null, List.of());
  }

  /** This plan with one more warning. */
  public RollbackPlan withWarning(String warning) {
    List<String> more = new ArrayList<>(warnings);
    more.add(warning);
    return new RollbackPlan(fromRevision, fromImage, toRevision, toImage, alreadyAtTarget, fromCommit, helmRelease,
        more, fallback, ownership);
  }

  /** This plan, with {@code second} as the plan of the drill's fallback path. */
  public RollbackPlan withFallback(RollbackPlan second) {
    return new RollbackPlan(fromRevision, fromImage, toRevision, toImage, alreadyAtTarget, fromCommit, helmRelease,
        warnings, second, ownership);
  }

  /** This plan, knowing who else reconciles the target; what that search noted joins the warnings. */
  public RollbackPlan withOwnership(Ownership found) {
    List<String> more = new ArrayList<>(warnings);
    more.addAll(found.notes());
    return new RollbackPlan(fromRevision, fromImage, toRevision, toImage, alreadyAtTarget, fromCommit, helmRelease,
        more, fallback, found);
  }
}
