package io.drillbook.realcluster;

import io.drillbook.cli.CliRun;
import io.drillbook.cli.JarProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A kubernetes-method drill config for one Deployment on the real control plane, as the drillbook ServiceAccount
 * unless told otherwise, with the plane's health URL for that Deployment and its evidence log beside the config
 * ({@code NAME.md}).
 *
 * @param timeouts the {@code timeouts} mapping, e.g. {@code "{ rollout: 1m, health: 30s }"}
 * @param topLevel extra top-level YAML (e.g. a {@code scheduler:} block), or empty
 * @param kubeconfig whose identity the drill runs as
 * @param drillKeys extra keys of the drill, one per line (e.g. {@code gitops: pause}), or empty
 */
public record RealDrill(RealControlPlane plane, String namespace, String name, String toRevision, String timeouts,
    String topLevel, Path kubeconfig, String drillKeys) {

  public static RealDrill of(RealControlPlane plane, String namespace, String name, String toRevision) {
    return new RealDrill(plane, namespace, name, toRevision, "{ rollout: 1m, health: 30s }", "",
        plane.drillbookKubeconfig(), "");
  }

  public RealDrill withTimeouts(String timeouts) {
    return new RealDrill(plane, namespace, name, toRevision, timeouts, topLevel, kubeconfig, drillKeys);
  }

  public RealDrill withTopLevel(String yaml) {
    return new RealDrill(plane, namespace, name, toRevision, timeouts, yaml, kubeconfig, drillKeys);
  }

  public RealDrill withKubeconfig(Path other) {
    return new RealDrill(plane, namespace, name, toRevision, timeouts, topLevel, other, drillKeys);
  }

  public RealDrill withDrillKeys(String lines) {
    return new RealDrill(plane, namespace, name, toRevision, timeouts, topLevel, kubeconfig, lines);
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
        """.formatted(name, kubeconfig, namespace, name, toRevision, plane.healthUrl(namespace, name), timeouts,
        name) + drillKeys.lines().map(line -> "    " + line + "\n").collect(java.util.stream.Collectors.joining()));
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
