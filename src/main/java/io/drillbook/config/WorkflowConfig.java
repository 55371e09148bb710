package io.drillbook.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GitHub Actions workflow a {@code github-actions} drill dispatches.
 *
 * @param repository {@code owner/name}
 * @param workflow workflow file name (e.g. {@code cd-rollback.yml}) or numeric id
 * @param ref branch or tag to run the workflow from
 * @param inputs dispatch inputs; values may hold {@code ${placeholders}} (see {@link #PLACEHOLDERS})
 * @param restoreInputs inputs of the restore dispatch, or null to restore through the Kubernetes API
 */
public record WorkflowConfig(
    String repository, String workflow, String ref, Map<String, String> inputs, Map<String, String> restoreInputs) {

  /** The placeholders an input value may use; each resolves from the cluster or the drill before dispatch. */
  public static final List<String> PLACEHOLDERS = List.of("previousImageTag", "previousRevision", "originalImageTag",
      "originalRevision", "drillId", "environment");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

  public WorkflowConfig {
    Objects.requireNonNull(repository, "'repository' must not be null");
    Objects.requireNonNull(workflow, "'workflow' must not be null");
    Objects.requireNonNull(ref, "'ref' must not be null");
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    restoreInputs = restoreInputs == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(restoreInputs));
  }

  /** The first placeholder in {@code value} that is not one of {@link #PLACEHOLDERS}, or null. */
  static String unknownPlaceholder(String value) {
    Matcher m = PLACEHOLDER.matcher(value);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        return m.group(1);
      }
    }
    return null;
  }

  /** {@code template} with every placeholder replaced from {@code values}, which must hold each one used. */
  public static String resolve(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("no value for ${" + m.group(1) + "}");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** Every input resolved. */
  public static Map<String, String> resolveAll(Map<String, String> templates, Map<String, String> values) {
    Map<String, String> resolved = new LinkedHashMap<>();
    templates.forEach((k, v) -> resolved.put(k, resolve(v, values)));
    return resolved;
  }

  /** {@code owner} of {@code owner/name}. */
  public String owner() {
    return repository.substring(0, repository.indexOf('/'));
  }

  /** {@code name} of {@code owner/name}. */
  public String name() {
    return repository.substring(repository.indexOf('/') + 1);
  }

  static final Set<String> KEYS = Set.of("repository", "workflow", "ref", "inputs", "restoreInputs");
}
