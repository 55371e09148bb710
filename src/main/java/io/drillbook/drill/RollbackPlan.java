package io.drillbook.drill;

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
 */
public record RollbackPlan(
    long fromRevision, String fromImage, long toRevision, String toImage, boolean alreadyAtTarget,
    String fromCommit) {}
