package io.drillbook.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drillbook.config.ConfigException;
import io.drillbook.config.ConfigLoader;
import io.drillbook.config.DrillbookConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.schedule.QuartzCron;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** The built-in demo config ({@code demo-drillbook.yaml}) filled with a running sandbox's addresses. */
final class DemoConfig {
  static final Path DEFAULT_LOG = Path.of("drills", "sandbox-rollback-drill.md");
  static final Path DEFAULT_GITHUB_LOG = Path.of("drills", "sandbox-github-rollback-drill.md");

  private DemoConfig() {}

  static String drillName(RollbackMethod method) {
    return method == RollbackMethod.GITHUB_ACTIONS ? "sandbox-github-rollback" : "sandbox-rollback";
  }

  /** @param log the evidence log, or null for the method's default */
  static DrillbookConfig load(SandboxTargets box, RollbackMethod method, Path log)
      throws IOException, ConfigException {
    String template;
    try (InputStream in = DemoConfig.class.getResourceAsStream("demo-drillbook.yaml")) {
      if (in == null) {
        throw new IOException("the built-in demo config is missing from the jar");
      }
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path defaultLog = method == RollbackMethod.GITHUB_ACTIONS ? DEFAULT_GITHUB_LOG : DEFAULT_LOG;
    Path evidence = (log == null ? defaultLog : log).toAbsolutePath().normalize();
    ObjectMapper json = new ObjectMapper();
    // JSON string literals are valid YAML double-quoted scalars, so any path or URL is quoted safely.
    Map<String, String> values = Map.of(
        "${KUBECONFIG}", json.writeValueAsString(box.kubeconfig().toString()),
        "${HEALTH_URL}", json.writeValueAsString(box.sandbox().healthUrl("intelgraph-staging", "maestro-orchestrator")),
        "${LOG}", json.writeValueAsString(evidence.toString()),
        "${GITHUB_API}", json.writeValueAsString(box.sandbox().githubApiUrl()),
        "${TOKEN_FILE}", json.writeValueAsString(box.githubTokenFile().toString()));
    for (Map.Entry<String, String> e : values.entrySet()) {
      template = template.replace(e.getKey(), e.getValue());
    }
    return new ConfigLoader(QuartzCron.SYNTAX).parse("built-in demo config", new StringReader(template), null);
  }
}
