package io.drillbook.app;

import io.drillbook.config.ConfigException;
import io.drillbook.config.ConfigLoader;
import io.drillbook.config.DrillConfig;
import io.drillbook.config.DrillbookConfig;
import io.drillbook.config.GitHubConnection;
import io.drillbook.drift.DriftAudit;
import io.drillbook.drill.ClusterException;
import io.drillbook.evidence.ChainVerifier;
import io.drillbook.evidence.EvidenceFormatException;
import io.drillbook.github.GitHubException;
import io.drillbook.github.RepositoryAudit;
import io.drillbook.kube.ClusterFacts;
import io.drillbook.kube.KubeClients;
import io.drillbook.report.ComplianceReport;
import io.drillbook.report.Period;
import io.drillbook.report.ReportPolicy;
import io.drillbook.report.ReportPolicyException;
import io.drillbook.report.ReportWriter;
import io.drillbook.runbook.NamespaceMap;
import io.drillbook.runbook.Runbook;
import io.drillbook.runbook.RunbookException;
import io.drillbook.runbook.RunbookParser;
import io.drillbook.schedule.QuartzCron;
import io.drillbook.time.Timing;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What an auditor runs: evidence chains verified, compliance reports written, runbooks compared with reality. */
public final class Audits {
  private final Adapters adapters;
  private final Timing timing;

  Audits(Adapters adapters, Timing timing) {
    this.adapters = adapters;
    this.timing = timing;
  }

  /**
   * Recomputes each log's hash chain.
   *
   * @throws InputException when a log is missing, unreadable, or holds no drillbook entry (calling a wrong file
   *     "intact" would tell an auditor it is verified evidence)
   */
  public List<ChainVerifier.Result> verify(List<Path> logs) {
    List<ChainVerifier.Result> results = new ArrayList<>();
    for (Path log : logs) {
      if (!Files.isRegularFile(log)) {
        throw new InputException(log + ": no such file");
      }
      ChainVerifier.Result result;
      try {
        result = ChainVerifier.verify(log, timing.clock().instant());
      } catch (EvidenceFormatException e) {
        throw new InputException(e.getMessage());
      } catch (IOException e) {
        throw new InputException(log + ": cannot read: " + e.getMessage());
      }
      if (result.entries() == 0 && result.intact()) {
        throw new InputException(log + ": holds no drillbook entries; not an evidence log"
            + (result.legacyLines().isEmpty() ? "" : " (only hand-written sections, from line "
                + result.legacyLines().get(0) + ")"));
      }
      results.add(result);
    }
    return results;
  }

  /**
   * Builds the compliance report of {@code logs} (files, or folders of {@code *.md} logs) for {@code period} and
   * writes it under {@code out}.
   *
   * @param policy a policy YAML, or null for the defaults
   */
  public ReportRun report(List<Path> logs, Path policy, Period period, Path out) throws IOException {
    ReportPolicy rules;
    try {
      rules = policy == null ? ReportPolicy.defaults() : ReportPolicy.load(policy);
    } catch (ReportPolicyException e) {
      throw new InputException(e.getMessage());
    } catch (IOException e) {
      throw new InputException("--policy " + policy + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
    List<Path> files = new ArrayList<>();
    for (Path log : logs) {
      if (Files.isDirectory(log)) {
        files.addAll(ComplianceReport.logsIn(log));
      } else if (Files.isRegularFile(log)) {
        files.add(log);
      } else {
        throw new InputException(log + ": no such file or folder");
      }
    }
    if (files.isEmpty()) {
      throw new InputException("no evidence logs found in " + logs);
    }
    ComplianceReport report = ComplianceReport.build(files, rules, period, timing.clock().instant());
    return new ReportRun(report, files, ReportWriter.write(report, out));
  }

  /**
   * Parses {@code runbook}.
   *
   * @throws InputException naming the file (and line) when it cannot be read or parsed
   */
  public Runbook readRunbook(Path runbook) {
    try {
      return new RunbookParser().parse(runbook);
    } catch (RunbookException e) {
      throw new InputException(e.getMessage());
    }
  }

  /**
   * The runbook's alert table as Prometheus alerting rules, with the overrides ({@code thresholds.<alert>}) of the
   * drill in {@code config} that verifies against it.
   *
   * @param config a drillbook config, or null for the runbook alone
   * @throws InputException when the runbook cannot be read or the config has no drill using this runbook
   */
  public RunbookRules alertRules(Path runbook, Path config, RunbookRules.Shape shape) throws ConfigException {
    Runbook parsed = readRunbook(runbook);
    java.util.Map<String, io.drillbook.config.VerificationConfig.ThresholdOverride> overrides = java.util.Map.of();
    if (config != null) {
      DrillbookConfig cfg = new ConfigLoader(QuartzCron.SYNTAX).load(config);
      overrides = cfg.drills().stream()
          .filter(d -> d.verification() != null && sameFile(d.verification().runbook(), runbook)).findFirst()
          .map(d -> d.verification().thresholds())
          .orElseThrow(() -> new InputException(config + ": no drill verifies against " + runbook
              + " (its thresholds overrides are what --config is for); name the runbook in a drill's 'runbook:'"));
    }
    io.drillbook.verify.AlertRules rules = io.drillbook.verify.AlertRules.of(parsed, overrides);
    if (!rules.unwritable().isEmpty()) {
      return new RunbookRules(rules.skipped(), rules.unwritable(), 0, "");
    }
    String group = shape.group() != null ? shape.group()
        : runbook.getFileName().toString().replaceFirst("(?i)\\.md$", "").toLowerCase(java.util.Locale.ROOT);
    String text = shape.manifest()
        ? rules.prometheusRule(shape.name() != null ? shape.name() : group, shape.namespace(), group,
            runbook.toString())
        : rules.ruleFile(group, runbook.toString());
    return new RunbookRules(rules.skipped(), List.of(), rules.rules().size(), text);
  }

  /**
   * Compares {@code runbook} with reality: the cluster (the flags', else that of a drill of {@code config} that
   * verifies against this runbook), the workflow repository ({@code repository}, else the config's), Prometheus.
   *
   * @param config a drillbook config, or null
   */
  public RunbookCheck checkRunbook(Path runbook, Path config, Path kubeconfig, String context, String repository)
      throws ConfigException, GitHubException, ClusterException, InterruptedException {
    Runbook parsed = readRunbook(runbook);
    List<String> lines;
    try {
      lines = List.of(new String(Files.readAllBytes(runbook), StandardCharsets.UTF_8).split("\r?\n", -1));
    } catch (IOException e) {
      throw new InputException(runbook + ": cannot read: " + e.getMessage());
    }
    DrillbookConfig cfg = config == null ? null : new ConfigLoader(QuartzCron.SYNTAX).load(config);
    Optional<DrillConfig> user = cfg == null ? Optional.empty() : cfg.drills().stream()
        .filter(d -> d.verification() != null && sameFile(d.verification().runbook(), runbook)).findFirst();
    KubernetesClient kube = null;
    try {
      if (kubeconfig != null || context != null) {
        kube = KubeClients.connect(kubeconfig, context);
      } else if (user.isPresent()) {
        kube = KubeClients.connect(user.get().target().kubeconfig(), user.get().target().context());
      }
      String repo = repository != null ? repository : cfg == null ? null : cfg.drills().stream()
          .filter(d -> d.workflow() != null).map(d -> d.workflow().repository()).findFirst().orElse(null);
      RepositoryAudit github = repo == null ? null
          : new RepositoryAudit(adapters.github(cfg == null ? GitHubConnection.DEFAULT : cfg.github()));
      DriftAudit audit = new DriftAudit(kube == null ? null : new ClusterFacts(kube), github, repo,
          cfg == null ? null : Adapters.prometheus(cfg.prometheus()),
          cfg == null ? NamespaceMap.LITERAL : cfg.runbookNamespaces());
      return new RunbookCheck(parsed, audit.audit(parsed, lines));
    } finally {
      if (kube != null) {
        kube.close();
      }
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }
}
