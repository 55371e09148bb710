package io.drillbook.drift;

import io.drillbook.drift.Finding.Severity;
import io.drillbook.drill.InfrastructureException;
import io.drillbook.github.RepositoryAudit;
import io.drillbook.kube.ClusterFacts;
import io.drillbook.prometheus.PromQl;
import io.drillbook.prometheus.PrometheusClient;
import io.drillbook.runbook.NamespaceMap;
import io.drillbook.runbook.RollbackKind;
import io.drillbook.runbook.RollbackPathSpec;
import io.drillbook.runbook.Runbook;
import io.drillbook.runbook.Threshold;
import io.drillbook.runbook.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a runbook with reality: the cluster objects its commands name, its Helm release, the workflow its
 * {@code gh workflow run} dispatches, the metrics its PromQL reads, its evidence file. Each source is optional; a
 * source that is not configured is reported as skipped, one that cannot be reached as unreachable.
 */
public final class DriftAudit {
  private final ClusterFacts cluster;
  private final RepositoryAudit github;
  private final String repository;
  private final PrometheusClient prometheus;
  private final NamespaceMap namespaces;

  /** A drift audit that checks the runbook's namespaces literally. */
  public DriftAudit(ClusterFacts cluster, RepositoryAudit github, String repository, PrometheusClient prometheus) {
    this(cluster, github, repository, prometheus, NamespaceMap.LITERAL);
  }

  /**
   * @param cluster or null to skip cluster checks
   * @param github or null to skip repository checks
   * @param repository {@code owner/name} the runbook's workflow and evidence file live in (with {@code github})
   * @param prometheus or null to skip metric checks
   * @param namespaces where the runbook's (production) namespaces are looked for, as the drills use them
   */
  public DriftAudit(ClusterFacts cluster, RepositoryAudit github, String repository, PrometheusClient prometheus,
      NamespaceMap namespaces) {
    this.namespaces = namespaces;
    this.cluster = cluster;
    this.github = github;
    this.repository = repository;
    this.prometheus = prometheus;
  }

  public List<Finding> audit(Runbook runbook, List<String> lines) throws InterruptedException {
    List<Finding> findings = new ArrayList<>();
    if (cluster == null) {
      findings.add(new Finding(Severity.SKIPPED, 0, "cluster", "not checked: give --kubeconfig or --context"));
    } else {
      auditCluster(runbook, lines, findings);
    }
    if (github == null) {
      findings.add(new Finding(Severity.SKIPPED, 0, "github",
          "not checked: give --repository (and a GitHub token) or a config with a github-actions drill"));
    } else {
      auditRepository(runbook, findings);
    }
    if (prometheus == null) {
      findings.add(new Finding(Severity.SKIPPED, 0, "prometheus", "not checked: give a config with prometheus.url"));
    } else {
      auditMetrics(runbook, findings);
    }
    return findings;
  }

  private void auditCluster(Runbook runbook, List<String> lines, List<Finding> findings) {
    try {
      Set<String> seen = new LinkedHashSet<>();
      for (Workload w : runbook.workloads()) {
        String ns = namespaces.map(w.namespace());
        if (ns != null && seen.add(ns) && !cluster.namespaceExists(ns)) {
          drift(findings, w.line(), "cluster", "namespace " + ns + " does not exist" + from(w.namespace()));
          continue;
        }
        boolean exists = switch (w.kind()) {
          case "Deployment" -> cluster.deploymentExists(ns, w.name());
          case "StatefulSet" -> cluster.statefulSetExists(ns, w.name());
          case "HelmRelease" -> cluster.helmReleaseExists(ns, w.name());
          default -> true;
        };
        if (!exists) {
          drift(findings, w.line(), "cluster", w.kind() + " " + ns + "/" + w.name() + " does not exist"
              + from(w.namespace()));
        }
      }
      for (RollbackPathSpec p : runbook.rollbackPaths()) {
        String ns = p.parameters().get("namespace");
        if (p.kind() == RollbackKind.HELM && ns != null) {
          helmRelease(findings, p.line(), ns, p.parameters().get("release"));
        }
      }
      for (KubectlMentions.Mention m : KubectlMentions.in(lines)) {
        String ns = namespaces.map(m.namespace());
        boolean exists = switch (m.kind()) {
          case "deployment" -> cluster.deploymentExists(ns, m.name());
          case "selector" -> cluster.podsMatch(ns, m.name());
          default -> cluster.hpaExists(ns, m.name());
        };
        if (!exists) {
          drift(findings, m.line(), "cluster", switch (m.kind()) {
            case "deployment" -> "deployment " + ns + "/" + m.name() + " does not exist";
            case "selector" -> "no pod in " + ns + " matches -l " + m.name();
            default -> "HPA " + ns + "/" + m.name() + " does not exist";
          } + from(m.namespace()));
        }
      }
    } catch (InfrastructureException e) {
      findings.add(new Finding(Severity.UNREACHABLE, 0, "cluster", e.getMessage()));
    }
  }

  private void auditRepository(Runbook runbook, List<Finding> findings) {
    try {
      for (RollbackPathSpec p : runbook.rollbackPaths()) {
        if (p.kind() != RollbackKind.GITHUB_ACTIONS) {
          continue;
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        p.parameters().forEach((k, v) -> {
          if (k.startsWith("input.")) {
            inputs.put(k.substring("input.".length()), v);
          }
        });
        String ref = p.parameters().getOrDefault("ref", "main");
        for (String problem : github.workflowProblems(repository, p.parameters().get("workflow"), ref, inputs)) {
          drift(findings, lineOf(problem, p), "github", "gh workflow run " + p.parameters().get("workflow") + ": "
              + problem);
        }
      }
      if (runbook.evidencePath() != null && !github.fileExists(repository, runbook.evidencePath())) {
        drift(findings, 0, "github", "evidence file " + runbook.evidencePath() + " does not exist in " + repository);
      }
    } catch (InfrastructureException e) {
      findings.add(new Finding(Severity.UNREACHABLE, 0, "github", e.getMessage()));
    }
  }

  /** The line of the {@code -f} a problem names, else the command's. */
  private static int lineOf(String problem, RollbackPathSpec p) {
    for (Map.Entry<String, Integer> e : p.parameterLines().entrySet()) {
      if (e.getKey().startsWith("input.") && problem.contains("'" + e.getKey().substring(6) + "'")) {
        return e.getValue();
      }
    }
    return p.line();
  }

  private void auditMetrics(Runbook runbook, List<Finding> findings) throws InterruptedException {
    try {
      Set<String> checked = new LinkedHashSet<>();
      for (Threshold t : runbook.thresholds()) {
        if (t.query() == null) {
          continue;
        }
        for (String metric : PromQl.metricNames(t.query())) {
          if (checked.add(metric) && !prometheus.seriesExist(metric)) {
            drift(findings, t.line(), "prometheus", "metric " + metric + " (threshold " + t.alert()
                + ") has no series in Prometheus");
          }
        }
      }
      new AlertRuleAudit(prometheus).audit(runbook.thresholds(), findings);
    } catch (InfrastructureException e) {
      findings.add(new Finding(Severity.UNREACHABLE, 0, "prometheus", e.getMessage()));
    }
  }

  /** For a finding about a mapped namespace: which namespace the runbook wrote. */
  private String from(String runbookNamespace) {
    String mapped = namespaces.map(runbookNamespace);
    return mapped == null || mapped.equals(runbookNamespace) ? ""
        : " (the runbook's " + runbookNamespace + ", mapped by runbookNamespaces)";
  }

  private static void drift(List<Finding> findings, int line, String source, String message) {
    findings.add(new Finding(Severity.DRIFT, line, source, message));
  }

  /** The runbook's Helm rollback is only as good as its release: present, with a revision to go back to, idle. */
  private void helmRelease(List<Finding> findings, int line, String runbookNs, String release)
      throws io.drillbook.drill.ClusterException {
    String ns = namespaces.map(runbookNs);
    var state = cluster.helmRelease(ns, release);
    String name = "helm release " + ns + "/" + release + from(runbookNs);
    if (state.isEmpty()) {
      drift(findings, line, "cluster", name + " has no release secrets (sh.helm.release.v1." + release + ".vN)");
    } else if (state.get().pending()) {
      drift(findings, line, "cluster", name + " is " + state.get().status() + " at revision " + state.get().latest()
          + ": another operation is in progress or was cut short, and 'helm upgrade' refuses it until it is cleared");
    } else if (state.get().revisions() < 2) {
      drift(findings, line, "cluster", name + " has only one revision: 'helm rollback' has nothing to go back to");
    }
  }
}
