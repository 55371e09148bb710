package io.drillbook.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secrets every fake repository defines: the one the built-in cd-rollback workflow reads, and GitHub's own
 * {@code GITHUB_TOKEN}. A workflow that reads any other secret gets an empty string for it, as on GitHub, and the
 * step that needs it fails: the runbook's "secrets are missing".
 */
final class RepositorySecrets {
  static final Set<String> DEFINED = Set.of("KUBECONFIG_B64", "GITHUB_TOKEN");
  private static final Pattern SECRET = Pattern.compile("\\bsecrets\\.([A-Za-z_][A-Za-z0-9_]*)");

  private RepositorySecrets() {}

  /** The secrets the workflow file reads that the repository does not define, in name order. */
  static Set<String> missingIn(RepoFile workflow) {
    Set<String> missing = new TreeSet<>();
    if (workflow == null) {
      return missing;
    }
    Matcher m = SECRET.matcher(new String(workflow.bytes(), StandardCharsets.UTF_8));
    while (m.find()) {
      if (!DEFINED.contains(m.group(1))) {
        missing.add(m.group(1));
      }
    }
    return missing;
  }
}
