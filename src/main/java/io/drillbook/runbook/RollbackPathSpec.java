package io.drillbook.runbook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rollback command found in the runbook, reduced to its parameters. Values are kept as written, placeholders
 * such as {@code <REV>} included.
 *
 * <ul>
 *   <li>kubernetes: {@code namespace}, {@code deployment}, {@code toRevision}, {@code context} when given</li>
 *   <li>helm: {@code namespace}, {@code release}, {@code toRevision}, {@code context} when given</li>
 *   <li>github-actions: {@code workflow}, {@code ref}, {@code repo} when given, and {@code input.KEY} per
 *       {@code -f KEY=VALUE}</li>
 * </ul>
 *
 * @param kind how the rollback is performed
 * @param line 1-based line where the command starts
 * @param parameters the parameters, in the order written
 * @param parameterLines 1-based line of each parameter, which differs from {@code line} for continued commands
 */
public record RollbackPathSpec(
    RollbackKind kind, int line, Map<String, String> parameters, Map<String, Integer> parameterLines) {

  public RollbackPathSpec {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    parameterLines = Collections.unmodifiableMap(new LinkedHashMap<>(parameterLines));
  }
}
