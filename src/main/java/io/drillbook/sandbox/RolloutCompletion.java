package io.drillbook.sandbox;

import java.time.Instant;

/**
 * The moment the sandbox made a rollout complete, i.e. the instant just before it wrote the Deployment status
 * that kubectl's rollout rule reads as "successfully rolled out".
 *
 * @param namespace namespace of the Deployment
 * @param deployment Deployment name
 * @param revision the revision that finished rolling out
 * @param image the image of that revision (first container)
 * @param completedAt clock instant of completion
 */
public record RolloutCompletion(String namespace, String deployment, long revision, String image, Instant completedAt) {}
