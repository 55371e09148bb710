package io.drillbook.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * One scheduler instance registered in the shared JDBC store.
 *
 * @param instanceId the Quartz instance id
 * @param lastCheckin when it last checked in
 * @param checkinInterval how often it promised to check in
 */
public record ClusterMember(String instanceId, Instant lastCheckin, Duration checkinInterval) {}
