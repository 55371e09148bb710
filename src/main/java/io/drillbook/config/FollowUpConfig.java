package io.drillbook.config;

import java.util.List;
import java.util.Objects;

/**
 * Where and how failed drills open follow-up issues.
 *
 * @param repository {@code owner/name} the issues go to
 * @param labels labels put on each follow-up issue (also how an open one is found again)
 * @param closeOnPass comment on and close the open follow-up when a later run of the same drill passes
 */
public record FollowUpConfig(String repository, List<String> labels, boolean closeOnPass) {
  public static final List<String> DEFAULT_LABELS = List.of("drill-failure");

  public FollowUpConfig {
    Objects.requireNonNull(repository, "'repository' must not be null");
    labels = List.copyOf(labels);
  }
}
