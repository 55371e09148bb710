package io.drillbook.realcluster;

import io.drillbook.cli.CliRun;
import io.drillbook.cli.JarProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A kubernetes-method drill config for one Deployment on the real control plane, as the drillbook ServiceAccount,
 * with the plane's health URL for that Deployment and its evidence log beside the config ({@code NAME.md}).
 *
 * @param timeouts the {@code timeouts} mapping, e.g. {@code "{ rollout: 1m, health: 30s }"}
 * @param topLevel extra top-level YAML (e.g. a {@code scheduler:} block), or empty
 */
public record RealDrill(RealControlPlane plane, String namespace, String name, String toRevision, String timeouts,
    String topLevel) {

  public static RealDrill of(RealControlPlane plane, String namespace, String name, String toRevision) {
    return new RealDrill(plane, namespace, name, toRevision, "{ rollout: 1m, health: 30s }", "");
  }

  public RealDrill withTimeouts(String timeouts) {
    return new RealDrill(plane, namespace, name, toRevision, timeouts, topLevel);
  }

  public RealDrill withTopLevel(String yaml) {
    return new RealDrill(plane, namespace, name, toRevision, timeouts, yaml);
  }

  /** Writes {@code DIR/NAME.yaml} and returns its path. */
  public Path writeConfig(Path dir) throws IOException {
    Path config = dir.resolve(name + ".yaml");
    Files.writeString(config, topLevel + """
        drills:
          - name: %s
            environment: staging
            target:
              kubeconfig: %s
              namespace: %s
              deployment: %s
            rollback:
              toRevision: %s
            objective: 1m
            health:
              url: %s
            timeouts: %s
            evidenceLog: %s.md
        """.formatted(name, plane.drillbookKubeconfig(), namespace, name, toRevision,
        plane.healthUrl(namespace, name), timeouts, name));
    return config;
  }

  public Path evidenceLog(Path dir) {
    return dir.resolve(name + ".md");
  }

  /** {@code drillbook drill NAME --output json}, as a separate process, to the end. */
  public CliRun run(Path dir) throws IOException, InterruptedException {
    return JarProcess.run(dir, "drill", name, "--config", writeConfig(dir).toString(), "--output", "json");
  }
}
