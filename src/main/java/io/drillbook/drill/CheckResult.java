package io.drillbook.drill;

import java.util.Objects;

/**
 * One judgement made during a drill (rolled out, health answered, recovery within objective, restored).
 *
 * @param name stable check name, e.g. {@code rollout-complete}
 * @param ok whether the check held
 * @param detail expected versus observed, in one sentence
 */
public record CheckResult(String name, boolean ok, String detail) {
  public CheckResult {
    Objects.requireNonNull(name, "'name' must not be null");
    detail = detail == null ? "" : detail;
  }
}
