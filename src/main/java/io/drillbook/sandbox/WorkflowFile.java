package io.drillbook.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What the fake GitHub reads from a workflow file: its name, run-name and {@code workflow_dispatch} inputs.
 *
 * @param name the workflow's {@code name}, or its path when it has none
 * @param runName the {@code run-name} expression text, or null
 * @param dispatchable whether {@code on} includes {@code workflow_dispatch}
 * @param inputs declared dispatch inputs in file order
 */
record WorkflowFile(String name, String runName, boolean dispatchable, Map<String, WorkflowFile.Input> inputs) {

  /** One declared {@code workflow_dispatch} input. */
  record Input(String name, boolean required, String type, List<String> options, String defaultValue) {}

  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*}}");

  WorkflowFile {
    inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
  }

  /** Reads a workflow; text that is not a YAML mapping gives a nameless workflow without a dispatch trigger. */
  static WorkflowFile parse(String path, String yaml) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (RuntimeException e) {
      return new WorkflowFile(path, null, false, Map.of());
    }
    if (!(root instanceof Map<?, ?> map)) {
      return new WorkflowFile(path, null, false, Map.of());
    }
    String name = map.get("name") == null ? path : String.valueOf(map.get("name"));
    String runName = map.get("run-name") == null ? null : String.valueOf(map.get("run-name"));
    // YAML 1.1 (SnakeYAML) reads the key `on` as boolean true; GitHub reads it as the string.
    Object on = map.containsKey("on") ? map.get("on") : map.get(Boolean.TRUE);
    boolean dispatchable = false;
    Map<String, Input> inputs = new LinkedHashMap<>();
    if (on instanceof String event) {
      dispatchable = event.equals("workflow_dispatch");
    } else if (on instanceof List<?> events) {
      dispatchable = events.contains("workflow_dispatch");
    } else if (on instanceof Map<?, ?> events && events.containsKey("workflow_dispatch")) {
      dispatchable = true;
      if (events.get("workflow_dispatch") instanceof Map<?, ?> dispatch
          && dispatch.get("inputs") instanceof Map<?, ?> declared) {
        declared.forEach((key, spec) -> inputs.put(String.valueOf(key), input(String.valueOf(key), spec)));
      }
    }
    return new WorkflowFile(name, runName, dispatchable, inputs);
  }

  private static Input input(String name, Object spec) {
    if (!(spec instanceof Map<?, ?> map)) {
      return new Input(name, false, "string", List.of(), null);
    }
    List<String> options = new ArrayList<>();
    if (map.get("options") instanceof List<?> list) {
      list.forEach(o -> options.add(String.valueOf(o)));
    }
    Object type = map.get("type");
    Object defaultValue = map.get("default");
    return new Input(name, Boolean.TRUE.equals(map.get("required")) || "true".equals(map.get("required")),
        type == null ? "string" : String.valueOf(type), List.copyOf(options),
        defaultValue == null ? null : String.valueOf(defaultValue));
  }

  /**
   * Checks dispatch inputs the way GitHub does and returns them completed with defaults.
   *
   * @throws GitHubError 422 with GitHub's wording for the first problem found
   */
  Map<String, String> resolve(Map<String, String> given) {
    if (!dispatchable) {
      throw new GitHubError(422, "Workflow does not have 'workflow_dispatch' trigger");
    }
    List<String> unexpected = given.keySet().stream().filter(k -> !inputs.containsKey(k)).toList();
    if (!unexpected.isEmpty()) {
      throw new GitHubError(422, "Unexpected inputs provided: "
          + unexpected.stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(", ", "[", "]")));
    }
    Map<String, String> resolved = new LinkedHashMap<>();
    for (Input input : inputs.values()) {
      String value = given.containsKey(input.name()) ? given.get(input.name()) : input.defaultValue();
      if (input.required() && (value == null || value.isEmpty())) {
        throw new GitHubError(422, "Required input '" + input.name() + "' not provided");
      }
      if (value == null) {
        continue;
      }
      if ("choice".equals(input.type()) && !input.options().contains(value)) {
        throw new GitHubError(422, "Provided value '" + value + "' for input '" + input.name()
            + "' not in the list of allowed values");
      }
      if ("boolean".equals(input.type()) && !value.equals("true") && !value.equals("false")) {
        throw new GitHubError(422, "Provided value '" + value + "' for input '" + input.name()
            + "' is not a valid boolean");
      }
      resolved.put(input.name(), value);
    }
    return resolved;
  }

  /** The run's display title: run-name with its expressions evaluated, else the workflow name. */
  String displayTitle(Map<String, String> inputs, String actor, String branch) {
    if (runName == null || runName.isBlank()) {
      return name;
    }
    Matcher m = EXPRESSION.matcher(runName);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(evaluate(m.group(1), inputs, actor, branch)));
    }
    m.appendTail(out);
    return out.toString();
  }

  // Only the expressions a run-name of a dispatched workflow realistically uses; anything else renders empty.
  private static String evaluate(String expression, Map<String, String> inputs, String actor, String branch) {
    for (String prefix : List.of("inputs.", "github.event.inputs.")) {
      if (expression.startsWith(prefix)) {
        return inputs.getOrDefault(expression.substring(prefix.length()), "");
      }
    }
    return switch (expression) {
      case "github.actor", "github.triggering_actor" -> actor;
      case "github.ref_name" -> branch;
      case "github.ref" -> "refs/heads/" + branch;
      case "github.event_name" -> "workflow_dispatch";
      default -> "";
    };
  }
}
