package io.drillbook.runbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Recognises {@code kubectl rollout undo}, {@code helm rollback} and {@code gh workflow run} commands. */
final class RollbackCommands {

  private static final Set<String> SEPARATORS = Set.of("|", "||", "&&", ";");
  private static final Set<String> KUBECTL_VALUE_OPTIONS = Set.of("-n", "--namespace", "--context", "--kubeconfig",
      "--to-revision", "-l", "--selector", "--cluster", "--user", "-o", "--output", "--timeout");
  private static final Set<String> HELM_VALUE_OPTIONS = Set.of("-n", "--namespace", "--kube-context", "--kubeconfig",
      "--timeout", "--history-max", "--max", "--kube-apiserver", "--kube-token", "--repository-config");
  private static final Set<String> GH_VALUE_OPTIONS = Set.of("--ref", "-r", "-f", "--raw-field", "-F", "--field",
      "-R", "--repo", "--json");

  private RollbackCommands() {}

  /** Adds the rollback paths in {@code command}; what looks like a rollback but cannot be read becomes a problem. */
  static void read(Command command, List<RollbackPathSpec> paths, List<Problem> problems) {
    for (List<Command.Word> segment : segments(command)) {
      String tool = segment.get(0).text();
      if (tool.equals("sudo") && segment.size() > 1) {
        segment = segment.subList(1, segment.size());
        tool = segment.get(0).text();
      }
      RollbackPathSpec path = switch (tool) {
        case "kubectl" -> kubectl(segment, problems);
        case "helm" -> helm(segment, problems);
        case "gh" -> gh(segment, problems);
        default -> null;
      };
      if (path != null && paths.stream().noneMatch(p -> p.kind() == path.kind() && p.parameters().equals(path.parameters()))) {
        paths.add(path);
      }
    }
  }

  private static List<List<Command.Word>> segments(Command command) {
    List<List<Command.Word>> segments = new ArrayList<>();
    List<Command.Word> current = new ArrayList<>();
    for (Command.Word w : command.words()) {
      if (SEPARATORS.contains(w.text())) {
        if (!current.isEmpty()) {
          segments.add(current);
        }
        current = new ArrayList<>();
      } else {
        current.add(w);
      }
    }
    if (!current.isEmpty()) {
      segments.add(current);
    }
    return segments;
  }

  /** Options (with their values and lines) and positional words of one command. */
  private record Parsed(Map<String, Command.Word> options, List<Command.Word> positional) {}

  private static Parsed parse(List<Command.Word> words, Set<String> valueOptions) {
    Map<String, Command.Word> options = new LinkedHashMap<>();
    List<Command.Word> positional = new ArrayList<>();
    for (int i = 1; i < words.size(); i++) {
      Command.Word w = words.get(i);
      String t = w.text();
      int eq = t.indexOf('=');
      if (t.startsWith("--") && eq > 0) {
        options.put(t.substring(0, eq), new Command.Word(t.substring(eq + 1), w.line()));
      } else if (valueOptions.contains(t) && i + 1 < words.size()) {
        options.put(t, words.get(++i));
      } else if (t.startsWith("-n") && t.length() > 2 && !t.startsWith("--")) {
        options.put("-n", new Command.Word(t.substring(2), w.line()));
      } else if (t.startsWith("-")) {
        options.put(t, new Command.Word("", w.line()));
      } else {
        positional.add(w);
      }
    }
    return new Parsed(options, positional);
  }

  private static Command.Word option(Parsed p, String... names) {
    for (String name : names) {
      Command.Word w = p.options().get(name);
      if (w != null) {
        return w;
      }
    }
    return null;
  }

  private static RollbackPathSpec kubectl(List<Command.Word> words, List<Problem> problems) {
    Parsed p = parse(words, KUBECTL_VALUE_OPTIONS);
    List<Command.Word> pos = p.positional();
    if (pos.size() < 2 || !pos.get(0).text().equals("rollout") || !pos.get(1).text().equals("undo")) {
      return null;
    }
    int line = words.get(0).line();
    String kind = null;
    Command.Word name = null;
    if (pos.size() >= 3 && pos.get(2).text().contains("/")) {
      String[] parts = pos.get(2).text().split("/", 2);
      kind = parts[0];
      name = new Command.Word(parts[1], pos.get(2).line());
    } else if (pos.size() >= 4) {
      kind = pos.get(2).text();
      name = pos.get(3);
    }
    if (kind == null || name.text().isEmpty()) {
      problems.add(new Problem(line, "kubectl rollout undo without a deployment"));
      return null;
    }
    if (!Set.of("deploy", "deployment", "deployments").contains(kind.toLowerCase(Locale.ROOT))) {
      problems.add(new Problem(line, "kubectl rollout undo of '" + kind + "/" + name.text()
          + "': only Deployments can be drilled"));
      return null;
    }
    Params params = new Params();
    params.put("namespace", option(p, "-n", "--namespace"));
    params.put("deployment", name);
    params.put("toRevision", option(p, "--to-revision"));
    params.put("context", option(p, "--context"));
    return params.spec(RollbackKind.KUBERNETES, line);
  }

  private static RollbackPathSpec helm(List<Command.Word> words, List<Problem> problems) {
    Parsed p = parse(words, HELM_VALUE_OPTIONS);
    List<Command.Word> pos = p.positional();
    if (pos.isEmpty() || !pos.get(0).text().equals("rollback")) {
      return null;
    }
    int line = words.get(0).line();
    if (pos.size() < 2) {
      problems.add(new Problem(line, "helm rollback without a release"));
      return null;
    }
    Params params = new Params();
    params.put("namespace", option(p, "-n", "--namespace"));
    params.put("release", pos.get(1));
    params.put("toRevision", pos.size() > 2 ? pos.get(2) : null);
    params.put("context", option(p, "--kube-context"));
    return params.spec(RollbackKind.HELM, line);
  }

  private static RollbackPathSpec gh(List<Command.Word> words, List<Problem> problems) {
    if (words.size() < 3 || !words.get(1).text().equals("workflow") || !words.get(2).text().equals("run")) {
      return null;
    }
    int line = words.get(0).line();
    Params params = new Params();
    Map<String, Command.Word> inputs = new LinkedHashMap<>();
    Command.Word workflow = null;
    Command.Word ref = null;
    Command.Word repo = null;
    for (int i = 3; i < words.size(); i++) {
      Command.Word w = words.get(i);
      String t = w.text();
      int eq = t.indexOf('=');
      String name = t.startsWith("--") && eq > 0 ? t.substring(0, eq) : t;
      Command.Word value = t.startsWith("--") && eq > 0 ? new Command.Word(t.substring(eq + 1), w.line())
          : GH_VALUE_OPTIONS.contains(t) && i + 1 < words.size() ? words.get(++i) : null;
      switch (name) {
        case "--ref", "-r" -> ref = value;
        case "-R", "--repo" -> repo = value;
        case "-f", "-F", "--field", "--raw-field" -> {
          int sep = value == null ? -1 : value.text().indexOf('=');
          if (sep <= 0) {
            problems.add(new Problem(w.line(), "gh workflow run: '" + t + "' needs KEY=VALUE"));
          } else {
            inputs.put("input." + value.text().substring(0, sep),
                new Command.Word(value.text().substring(sep + 1), value.line()));
          }
        }
        default -> {
          if (!t.startsWith("-") && workflow == null) {
            workflow = w;
          }
        }
      }
    }
    if (workflow == null) {
      problems.add(new Problem(line, "gh workflow run without a workflow"));
      return null;
    }
    params.put("workflow", workflow);
    params.put("ref", ref);
    params.put("repo", repo);
    inputs.forEach(params::put);
    return params.spec(RollbackKind.GITHUB_ACTIONS, line);
  }

  /** Parameters and the line of each, in the order put; absent ones are skipped. */
  private static final class Params {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Integer> lines = new LinkedHashMap<>();

    void put(String key, Command.Word word) {
      if (word != null) {
        values.put(key, word.text());
        lines.put(key, word.line());
      }
    }

    RollbackPathSpec spec(RollbackKind kind, int line) {
      return new RollbackPathSpec(kind, line, values, lines);
    }
  }
}
