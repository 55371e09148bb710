package io.drillbook.drift;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The cluster objects a runbook's kubectl commands name: deployments, label selectors, HPAs, each with its line. */
final class KubectlMentions {
  private static final Pattern CODE = Pattern.compile("`([^`]*kubectl[^`]*)`");
  private static final Pattern NAMESPACE = Pattern.compile("(?:^|\\s)(?:-n|--namespace)[ =](\\S+)");
  private static final Pattern DEPLOY = Pattern.compile("(?:^|\\s)(?:deploy|deployment|deployments)/([a-z0-9.-]+)");
  private static final Pattern SELECTOR = Pattern.compile("(?:^|\\s)(?:-l|--selector)[ =](\\S+)");
  private static final Pattern HPA = Pattern.compile("\\bget\\s+(?:hpa|horizontalpodautoscalers?)\\s+([a-z0-9.-]+)");

  private KubectlMentions() {}

  /** What one command line mentions. {@code kind} is deployment, selector or hpa. */
  record Mention(String kind, String namespace, String name, int line) {}

  static List<Mention> in(List<String> lines) {
    Set<String> seen = new LinkedHashSet<>();
    List<Mention> mentions = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher code = CODE.matcher(lines.get(i));
      while (code.find()) {
        String command = code.group(1);
        Matcher ns = NAMESPACE.matcher(command);
        if (!ns.find()) {
          continue;
        }
        String namespace = ns.group(1);
        add(mentions, seen, "deployment", namespace, DEPLOY.matcher(command), i + 1);
        add(mentions, seen, "selector", namespace, SELECTOR.matcher(command), i + 1);
        add(mentions, seen, "hpa", namespace, HPA.matcher(command), i + 1);
      }
    }
    return mentions;
  }

  private static void add(List<Mention> out, Set<String> seen, String kind, String namespace, Matcher m, int line) {
    while (m.find()) {
      String name = m.group(1);
      if (name.contains("<") || !seen.add(kind + "/" + namespace + "/" + name)) {
        continue;
      }
      out.add(new Mention(kind, namespace, name, line));
    }
  }
}
