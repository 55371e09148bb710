package io.drillbook.github;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The {@code on.workflow_dispatch.inputs} a workflow file declares, and the check GitHub itself makes only after a
 * dispatch (422 "Unexpected inputs provided"): drillbook makes it before dispatching anything.
 */
final class WorkflowDefinition {
  private final Map<String, Input> inputs;
  private final boolean dispatchable;

  private WorkflowDefinition(Map<String, Input> inputs, boolean dispatchable) {
    this.inputs = inputs;
    this.dispatchable = dispatchable;
  }

  /** One declared input. {@code type} is GitHub's: string (default), choice, boolean, number, environment. */
  record Input(String name, boolean required, String type, List<String> options, String defaultValue) {}

  /**
   * @throws IllegalArgumentException when the text is not a workflow file
   */
  static WorkflowDefinition parse(String yaml) {
    Object root;
    try {
      root = new Yaml(new LoaderOptions()).load(yaml);
    } catch (YAMLException e) {
      throw new IllegalArgumentException("the workflow file is not valid YAML: "
          + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
    }
    if (!(root instanceof Map<?, ?> top)) {
      throw new IllegalArgumentException("the workflow file is not a YAML mapping");
    }
    // YAML 1.1 reads a bare `on` key as the boolean true.
    Object on = top.containsKey("on") ? top.get("on") : top.get(Boolean.TRUE);
    boolean dispatchable = false;
    Object dispatch = null;
    if (on instanceof String event) {
      dispatchable = event.equals("workflow_dispatch");
    } else if (on instanceof List<?> events) {
      dispatchable = events.contains("workflow_dispatch");
    } else if (on instanceof Map<?, ?> events) {
      dispatchable = events.containsKey("workflow_dispatch");
      dispatch = events.get("workflow_dispatch");
    }
    Map<String, Input> inputs = new LinkedHashMap<>();
    if (dispatch instanceof Map<?, ?> d && d.get("inputs") instanceof Map<?, ?> declared) {
      for (Map.Entry<?, ?> e : declared.entrySet()) {
        String name = String.valueOf(e.getKey());
        Map<?, ?> spec = e.getValue() instanceof Map<?, ?> m ? m : Map.of();
        List<String> options = new ArrayList<>();
        if (spec.get("options") instanceof List<?> list) {
          list.forEach(o -> options.add(String.valueOf(o)));
        }
        Object def = spec.get("default");
        inputs.put(name, new Input(name, Boolean.TRUE.equals(spec.get("required")),
            spec.get("type") == null ? "string" : String.valueOf(spec.get("type")), options,
            def == null ? null : String.valueOf(def)));
      }
    }
    return new WorkflowDefinition(inputs, dispatchable);
  }

  boolean dispatchable() {
    return dispatchable;
  }

  boolean declares(String input) {
    return inputs.containsKey(input);
  }

  /** Every reason GitHub would refuse these inputs, one sentence each; empty when it would accept them. */
  List<String> problems(Map<String, String> given) {
    List<String> problems = new ArrayList<>();
    if (!dispatchable) {
      problems.add("the workflow has no 'on: workflow_dispatch' trigger");
      return problems;
    }
    for (String name : given.keySet()) {
      if (!inputs.containsKey(name)) {
        problems.add("input '" + name + "' is not declared");
      }
    }
    for (Input input : inputs.values()) {
      String value = given.get(input.name());
      if (value == null) {
        if (input.required() && input.defaultValue() == null) {
          problems.add("required input '" + input.name() + "' is not given");
        }
        continue;
      }
      String type = input.type().toLowerCase(Locale.ROOT);
      if (type.equals("choice") && !input.options().contains(value)) {
        problems.add("input '" + input.name() + "' is '" + value + "', not one of " + input.options());
      } else if (type.equals("boolean") && !(value.equals("true") || value.equals("false"))) {
        problems.add("input '" + input.name() + "' is '" + value + "', but a boolean input takes true or false");
      } else if (type.equals("number") && !value.matches("-?\\d+(\\.\\d+)?")) {
        problems.add("input '" + input.name() + "' is '" + value + "', but a number input takes a number");
      }
    }
    return problems;
  }
}
