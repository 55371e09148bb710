package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.cli.HostileCase.Invocation;
import io.drillbook.cli.HostileCase.Mode;
import io.drillbook.drill.CheckResult;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.PhaseResult;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.EvidenceEntry;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.evidence.MarkdownEvidenceLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The rows of {@link HostileInputTest}. */
final class HostileCases {
  private static final String ESC = "\u001b";
  private static final String MEGABYTE = "x".repeat(1024 * 1024);
  private static final byte[] BINARY = binary();

  /** A valid config; line 5 is {@code objective}, the line most cases spoil. */
  private static final String CONFIG = """
      drills:
        - name: checkout-rollback
          environment: staging
          target: { namespace: shop-staging, deployment: checkout-api }
          objective: 2m
          evidenceLog: drills/checkout.md
      """;

  private static final String RUNBOOK = """
      # Orchestrator staging: rollback runbook

      **Workloads:** `Deployment/maestro-orchestrator` (namespace: `intelgraph-staging`)

      ## Alerts

      | Alert | Fires when | Where to look |
      | --- | --- | --- |
      | `OrchestratorErrors` | Error ratio above 5 % of requests | Prometheus `sum(rate(orchestrator_errors_total[30s])) / sum(rate(orchestrator_requests_total[30s]))` |

      ## Verification

      - Health: `curl -I http://maestro-orchestrator.intelgraph-staging.svc:8080/health` (expect `200 OK`).
      """;

  private HostileCases() {}

  private static HostileCase error(String name, int exit, HostileCase.Setup setup) {
    return new HostileCase(name, setup, exit, Mode.ERROR, log -> { });
  }

  private static HostileCase listing(String name, int exit, HostileCase.Setup setup) {
    return new HostileCase(name, setup, exit, Mode.LISTING, log -> { });
  }

  private static HostileCase verdict(String name, int exit, HostileCase.Setup setup) {
    return new HostileCase(name, setup, exit, Mode.VERDICT, log -> { });
  }

  /** {@code drill checkout-rollback --config drillbook.yaml} with {@code yaml}, expecting an error naming it. */
  private static HostileCase config(String name, String yaml, String... mentions) {
    return error(name, 2, ctx -> {
      Path cfg = ctx.write("drillbook.yaml", yaml);
      return drill(cfg, "checkout-rollback", prefixed(cfg, mentions));
    });
  }

  private static Invocation drill(Path cfg, String drill, String... mentions) {
    return Invocation.of(List.of("drill", drill, "--config", cfg.toString()), mentions);
  }

  /** Mentions starting with ':' are the config file's line: {@code :5:} becomes {@code /tmp/.../drillbook.yaml:5:}. */
  private static String[] prefixed(Path cfg, String... mentions) {
    return java.util.Arrays.stream(mentions).map(m -> m.startsWith(":") ? cfg + m : m).toArray(String[]::new);
  }

  static List<HostileCase> all() {
    List<HostileCase> cases = new ArrayList<>();
    configCases(cases);
    runbookCases(cases);
    logCases(cases);
    apiCases(cases);
    return cases;
  }

  private static void configCases(List<HostileCase> cases) {
    cases.add(config("config: malformed YAML (unclosed flow mapping)",
        CONFIG.replace("deployment: checkout-api }", "deployment: checkout-api"), ":", "not valid YAML"));
    cases.add(config("config: malformed YAML (tab indentation)",
        CONFIG.replace("    objective: 2m", "\tobjective: 2m"), ":5:", "not valid YAML"));
    cases.add(config("config: wrong type (objective is a list)",
        CONFIG.replace("objective: 2m", "objective: [2m, 3m]"), ":5: drills[0].objective: expected a text value"));
    cases.add(config("config: wrong type (restore is text)",
        CONFIG.replace("objective: 2m", "restore: maybe"), ":5: drills[0].restore: expected true or false"));
    cases.add(config("config: wrong type (drills is a mapping)",
        "drills:\n  checkout-rollback: { environment: staging }\n", ":2: drills: expected a list"));
    cases.add(config("config: wrong type (expectStatus is text)",
        CONFIG.replace("objective: 2m", "health: { url: 'http://h:8080/health', expectStatus: OK }"),
        ":5: drills[0].health.expectStatus: expected a whole number"));
    cases.add(config("config: wrong type (the whole file is a scalar)", "just some words\n",
        ":1: expected a mapping"));
    cases.add(config("config: unknown top-level key", "drils: []\n" + CONFIG, ":1: drils: unknown key 'drils'"));
    cases.add(config("config: unknown key in target",
        CONFIG.replace("deployment: checkout-api }", "deployment: checkout-api, cluster: prod }"),
        ":4: drills[0].target.cluster: unknown key 'cluster'"));
    cases.add(config("config: duplicate key", CONFIG + "    objective: 3m\n", ":7: drills[0].objective"));
    cases.add(config("config: YAML alias bomb", """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        drills: [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        """, "not valid YAML"));
    cases.add(error("config: unknown drill name", 2, ctx -> {
      Path cfg = ctx.write("drillbook.yaml", CONFIG);
      return drill(cfg, "chekout-rollback", "no drill named 'chekout-rollback' in " + cfg, "checkout-rollback");
    }));
    cases.add(error("config: unknown drill name full of escape sequences", 2, ctx -> {
      Path cfg = ctx.write("drillbook.yaml", CONFIG);
      return drill(cfg, ESC + "[2J" + ESC + "]0;pwned\u0007", "no drill named", cfg.toString());
    }));
    cases.add(config("config: invalid cron",
        CONFIG.replace("objective: 2m", "schedule: '0 0 4 * * MON'"),
        ":5: drills[0].schedule: '0 0 4 * * MON' is not a Quartz cron expression"));
    cases.add(config("config: invalid cron with 1 MB of text",
        CONFIG.replace("objective: 2m", "schedule: '" + MEGABYTE + "'"), ":5: drills[0].schedule"));
    cases.add(config("config: invalid duration", CONFIG.replace("objective: 2m", "objective: 2 minutes"),
        ":5: drills[0].objective: '2 minutes' is not a duration"));
    cases.add(config("config: duration too large to represent",
        CONFIG.replace("objective: 2m", "objective: 9223372036854775807h"), ":5: drills[0].objective"));
    cases.add(config("config: duration digits overflow a long",
        CONFIG.replace("objective: 2m", "objective: 99999999999999999999999s"), ":5: drills[0].objective"));
    cases.add(config("config: invalid timezone",
        CONFIG.replace("objective: 2m", "schedule: '0 0 4 ? * MON'\n    timezone: Mars/Olympus_Mons"),
        ":6: drills[0].timezone: unknown time zone 'Mars/Olympus_Mons'"));
    cases.add(config("config: 1 MB namespace",
        CONFIG.replace("namespace: shop-staging", "namespace: " + MEGABYTE), ":4: drills[0].target.namespace"));
    cases.add(config("config: 1 MB key (YAML caps implicit keys at 1024 characters)",
        CONFIG.replace("objective: 2m", MEGABYTE + ": 2m"), ":5: not valid YAML"));
    cases.add(config("config: 1 MB health URL",
        CONFIG.replace("objective: 2m", "health: { url: \"http://h/" + MEGABYTE.replace("x", "x y") + "\" }"),
        ":5: drills[0].health.url"));
    cases.add(config("config: terminal escapes in an invalid value",
        CONFIG.replace("namespace: shop-staging", "namespace: \"\\e[31mshop\\e[0m\\r\\u009b2J\""),
        ":4: drills[0].target.namespace"));
    cases.add(config("config: terminal escapes in an unknown key",
        CONFIG.replace("objective: 2m", "\"\\e]8;;http://evil\\e\\\\objective\": 2m"), ":5: drills[0]."));
    cases.add(error("config: empty file", 2, ctx -> {
      Path cfg = ctx.write("drillbook.yaml", "");
      return drill(cfg, "checkout-rollback", cfg + ": the file is empty");
    }));
    cases.add(error("config: a directory", 2, ctx -> {
      Path cfg = ctx.mkdir("drillbook.yaml");
      return drill(cfg, "checkout-rollback", cfg.toString(), "directory");
    }));
    cases.add(error("config: missing", 2, ctx -> drill(ctx.dir().resolve("absent.yaml"), "checkout-rollback",
        ctx.dir().resolve("absent.yaml") + ": no such file")));
    cases.add(error("config: binary file", 2, ctx -> {
      Path cfg = ctx.write("drillbook.yaml", BINARY);
      return drill(cfg, "checkout-rollback", cfg.toString());
    }));
    cases.add(error("config: non-UTF-8 bytes", 2, ctx -> {
      byte[] latin1 = CONFIG.replace("staging\n", "st\u00e4ging\n").getBytes(StandardCharsets.ISO_8859_1);
      Path cfg = ctx.write("drillbook.yaml", latin1);
      return drill(cfg, "checkout-rollback", cfg + ":3: ", "not UTF-8");
    }));
    cases.add(error("config: missing token for a github-actions drill", 2, ctx -> {
      Path cfg = ctx.write("drillbook.yaml", githubDrill("", ctx.kubeconfig()));
      return drill(cfg, "actions-rollback", "no GitHub token");
    }));
    cases.add(error("config: token file that does not exist", 2, ctx -> {
      Path cfg = ctx.write("drillbook.yaml", githubDrill("tokenFile: secrets/absent-token", ctx.kubeconfig()));
      return drill(cfg, "actions-rollback", ctx.dir().resolve("secrets/absent-token").toString());
    }));
    cases.add(error("config: token file is a directory", 2, ctx -> {
      ctx.mkdir("secrets/token");
      Path cfg = ctx.write("drillbook.yaml", githubDrill("tokenFile: secrets/token", ctx.kubeconfig()));
      return drill(cfg, "actions-rollback", ctx.dir().resolve("secrets/token").toString());
    }));
    cases.add(error("config: token file is binary", 2, ctx -> {
      ctx.write("secrets/token", BINARY);
      Path cfg = ctx.write("drillbook.yaml", githubDrill("tokenFile: secrets/token", ctx.kubeconfig()));
      return drill(cfg, "actions-rollback", ctx.dir().resolve("secrets/token").toString());
    }));
    cases.add(error("config: kubeconfig that is not YAML", 2, ctx -> {
      Path kube = ctx.write("broken.kubeconfig", "apiVersion: v1\nclusters: [ {\n");
      Path cfg = ctx.write("drillbook.yaml", CONFIG);
      return Invocation.of(List.of("drill", "checkout-rollback", "--config", cfg.toString(), "--kubeconfig",
          kube.toString()), kube.toString());
    }));
    cases.add(error("config: kubeconfig that is a directory", 2, ctx -> {
      Path kube = ctx.mkdir("kube");
      Path cfg = ctx.write("drillbook.yaml", CONFIG);
      return Invocation.of(List.of("drill", "checkout-rollback", "--config", cfg.toString(), "--kubeconfig",
          kube.toString()), kube.toString());
    }));
  }

  private static String githubDrill(String auth, Path kubeconfig) {
    return """
        github: { apiUrl: "http://127.0.0.1:9/api/v3", %s }
        drills:
          - name: actions-rollback
            environment: staging
            target: { namespace: intelgraph-staging, deployment: maestro-orchestrator, kubeconfig: "%s" }
            method: github-actions
            github: { repository: sandbox/maestro-orchestrator, workflow: cd-rollback.yml, inputs: { environment: staging, image_tag: "${previousImageTag}" } }
        """.formatted(auth, kubeconfig).replace("\"http://127.0.0.1:9/api/v3\", }", "\"http://127.0.0.1:9/api/v3\" }");
  }

  private static void runbookCases(List<HostileCase> cases) {
    cases.add(error("runbook: missing", 2, ctx -> show(ctx.dir().resolve("absent.md"), "absent.md",
        "runbook not found")));
    cases.add(error("runbook: empty file", 2, ctx -> show(ctx.write("runbook.md", ""), "runbook.md", "no alert table")));
    cases.add(error("runbook: a directory", 2, ctx -> show(ctx.mkdir("runbook.md"), "runbook.md")));
    cases.add(error("runbook: binary file", 2, ctx -> show(ctx.write("runbook.md", BINARY), "runbook.md",
        "no alert table")));
    cases.add(error("runbook: table without a threshold", 2, ctx -> show(ctx.write("runbook.md",
        RUNBOOK.replace("Error ratio above 5 % of requests", "Pods not reporting")), "runbook.md:7:",
        "no numeric threshold", "line 9: alert 'OrchestratorErrors'")));
    cases.add(listing("runbook: non-UTF-8 bytes are reported with their line", 0, ctx -> {
      byte[] bytes = RUNBOOK.replace("Orchestrator staging", "Orchestr\u00e4tor staging")
          .getBytes(StandardCharsets.ISO_8859_1);
      return show(ctx.write("runbook.md", bytes), "not valid UTF-8 (first invalid byte on line 1)");
    }));
    cases.add(listing("runbook: terminal escapes in the alert table", 0, ctx -> show(ctx.write("runbook.md",
        RUNBOOK.replace("`OrchestratorErrors`", "Orchestrator" + ESC + "[2J" + ESC + "]0;owned\u0007Errors")
            .replace("Error ratio", "Error\u009b31m ratio")), "OrchestratorErrors".substring(0, 12))));
    cases.add(listing("runbook: 1 MB line", 0, ctx -> show(ctx.write("runbook.md",
        RUNBOOK.replace("## Verification", MEGABYTE + "\n\n## Verification")), "OrchestratorErrors")));
    cases.add(listing("runbook: 1 MB alert name", 0, ctx -> show(ctx.write("runbook.md",
        RUNBOOK.replace("`OrchestratorErrors`", MEGABYTE)), "thresholds:")));
    cases.add(error("runbook: a drill's runbook is binary", 2, ctx -> {
      ctx.write("runbook.md", BINARY);
      Path cfg = ctx.write("drillbook.yaml", CONFIG.replace("objective: 2m", "runbook: runbook.md"));
      return drill(cfg, "checkout-rollback", cfg + ":5: drills[0].runbook", "runbook.md");
    }));
    cases.add(error("runbook: a drill's runbook is a directory", 2, ctx -> {
      ctx.mkdir("runbook.md");
      Path cfg = ctx.write("drillbook.yaml", CONFIG.replace("objective: 2m", "runbook: runbook.md"));
      return drill(cfg, "checkout-rollback", cfg + ":5: drills[0].runbook");
    }));
    cases.add(error("runbook: check of a foreign file", 2, ctx -> {
      Path readme = ctx.write("README.md", "# My project\n\nSome words.\n");
      return Invocation.of(List.of("runbook", "check", readme.toString()), readme.toString(), "no alert table");
    }));
  }

  private static Invocation show(Path runbook, String... mentions) {
    String[] resolved = java.util.Arrays.stream(mentions)
        .map(m -> m.startsWith(runbook.getFileName().toString()) ? runbook.getParent().resolve(m).toString() : m)
        .toArray(String[]::new);
    return Invocation.of(List.of("runbook", "show", runbook.toString()), resolved);
  }

  private static void logCases(List<HostileCase> cases) {
    cases.add(error("log: audit verify of a missing log", 2, ctx -> verify(ctx.dir().resolve("drills/absent.md"),
        "absent.md")));
    cases.add(error("log: audit verify of a directory", 2, ctx -> verify(ctx.mkdir("drills"), "drills")));
    cases.add(error("log: audit verify of an empty file", 2, ctx -> verify(ctx.write("drills/empty.md", ""),
        "empty.md", "no drillbook entries")));
    cases.add(error("log: audit verify of a binary file", 2, ctx -> verify(ctx.write("drills/bin.md", BINARY),
        "bin.md")));
    cases.add(error("log: audit verify of a foreign markdown file", 2, ctx -> verify(ctx.write("drills/README.md",
        "# Team notes\n\n## Standup\n\nNothing to report.\n"), "README.md", "no drillbook entries")));
    cases.add(listing("log: audit verify of a corrupt entry names its line", 1, ctx -> {
      Path log = realLog(ctx, "drills/corrupt.md", Instant.parse("2026-07-06T02:50:01Z"));
      String text = Files.readString(log);
      Files.writeString(log, text.replace("| Verdict | PASS |", "| Verdict | PA"));
      return verify(log, "BROKEN at line ");
    }));
    cases.add(error("log: audit verify of a log with non-UTF-8 bytes", 2, ctx -> {
      Path log = realLog(ctx, "drills/latin1.md", Instant.parse("2026-07-06T02:50:01Z"));
      byte[] bytes = Files.readString(log).replace("staging", "st\u00e4ging").getBytes(StandardCharsets.ISO_8859_1);
      Files.write(log, bytes);
      return verify(log, log + ":", "not valid UTF-8");
    }));
    cases.add(listing("log: audit verify flags an entry from the future", 1, ctx -> {
      Path log = realLog(ctx, "drills/future.md", Instant.parse("2099-01-01T00:00:00Z"));
      return verify(log, "BROKEN at line 6", "2099-01-01T00:00:00Z", "in the future");
    }));
    cases.add(listing("log: audit verify keeps a forged entry out of a value", 0, ctx -> {
      Path log = ctx.dir().resolve("drills/forged.md");
      Files.createDirectories(log.getParent());
      new MarkdownEvidenceLog(log).append(record(Instant.parse("2026-07-06T02:50:01Z"),
          "staging | yes |\n\n## 2026-07-07T00:00:00Z · fake · PASS\n<!-- drillbook:entry v1 -->\n<script>alert(1)"
              + "</script>" + ESC + "[2J"));
      assertThat(EvidenceLogReader.readAll(log)).singleElement().satisfies(e -> assertThat(e.record().environment())
          .startsWith("staging | yes |\n\n## 2026"));
      return verify(log, "intact, 1 entries");
    }));
    cases.add(listing("log: report of a corrupt log lists it as unreadable", 1, ctx -> {
      Path log = realLog(ctx, "drills/corrupt.md", Instant.parse("2026-07-06T02:50:01Z"));
      Files.writeString(log, Files.readString(log).replace("| Verdict | PASS |", "| Verdict | PA"));
      return report(ctx, log, "unreadable: " + log);
    }));
    cases.add(listing("log: report of an entry from the future", 1, ctx -> {
      Path log = realLog(ctx, "drills/future.md", Instant.parse("2099-01-01T00:00:00Z"));
      return report(ctx, log, "in the future");
    }));
    cases.add(error("log: report of a folder without logs", 2, ctx -> {
      ctx.write("drills/notes.txt", "not a log");
      return report(ctx, ctx.dir().resolve("drills"), "no evidence logs found");
    }));
    cases.add(error("log: report with an invalid date", 2, ctx -> {
      Path log = realLog(ctx, "drills/ok.md", Instant.parse("2026-07-06T02:50:01Z"));
      Invocation r = report(ctx, log);
      List<String> args = new ArrayList<>(List.of(r.args()));
      args.addAll(List.of("--since", "2026-13-45"));
      return Invocation.of(args, "--since '2026-13-45' is not a date");
    }));
    cases.add(error("log: report with a missing policy file", 2, ctx -> {
      Path log = realLog(ctx, "drills/ok.md", Instant.parse("2026-07-06T02:50:01Z"));
      Path policy = ctx.dir().resolve("absent-policy.yaml");
      List<String> args = new ArrayList<>(List.of(report(ctx, log).args()));
      args.addAll(List.of("--policy", policy.toString()));
      return Invocation.of(args, policy.toString());
    }));
    cases.add(error("log: report with a binary policy file", 2, ctx -> {
      Path log = realLog(ctx, "drills/ok.md", Instant.parse("2026-07-06T02:50:01Z"));
      Path policy = ctx.write("policy.yaml", BINARY);
      List<String> args = new ArrayList<>(List.of(report(ctx, log).args()));
      args.addAll(List.of("--policy", policy.toString()));
      return Invocation.of(args, policy.toString());
    }));
    cases.add(forgedValuesInText());
    cases.add(verdict("log: a drill's values with markdown, HTML and escapes cannot forge an entry", 3, ctx -> {
      Path cfg = ctx.write("drillbook.yaml", """
          drills:
            - name: forged-values
              environment: "staging | yes |\\n\\n## 2026-07-07T00:00:00Z · fake · PASS\\n<!-- drillbook:entry v1 -->\\n<img src=x onerror=alert(1)>\\e[2J"
              target: { namespace: intelgraph-staging, deployment: no-such-deployment, kubeconfig: "%s" }
          """.formatted(ctx.kubeconfig()));
      return Invocation.of(List.of("drill", "forged-values", "--config", cfg.toString(), "--output", "json"),
          "no-such-deployment").appending("drills/forged-values.md");
    }).withEvidenceCheck(log -> {
      List<EvidenceEntry> entries = EvidenceLogReader.readAll(log);
      assertThat(entries).singleElement().satisfies(e -> assertThat(e.record().environment())
          .startsWith("staging | yes |\n\n## 2026-07-07").endsWith("\u001b[2J"));
      String text = Files.readString(log);
      assertThat(text).doesNotContain("\u001b").doesNotContainPattern("(?<!\\\\)<img")
          .doesNotContainPattern("(?m)^## 2026-07-07");
    }));
  }

  private static HostileCase forgedValuesInText() {
    return listing("log: a drill's escape sequences never reach the terminal (text output)", 3, ctx -> {
      Path cfg = ctx.write("drillbook.yaml", """
          drills:
            - name: forged-text
              environment: "staging\\e[2J\\e]0;owned\\a\\r\\x9b31m"
              target: { namespace: intelgraph-staging, deployment: no-such-deployment, kubeconfig: "%s" }
          """.formatted(ctx.kubeconfig()));
      return Invocation.of(List.of("drill", "forged-text", "--config", cfg.toString()), "INCONCLUSIVE",
          "staging\\u001b[2J").appending("drills/forged-text.md");
    });
  }

  private static Invocation verify(Path log, String... mentions) {
    return Invocation.of(List.of("audit", "verify", log.toString()), mentions);
  }

  /** A report into a folder outside the case's folder, so the case's files stay as they were. */
  private static Invocation report(HostileCase.Ctx ctx, Path log, String... mentions) throws Exception {
    Path out = Files.createTempDirectory("hostile-report");
    return Invocation.of(List.of("report", log.toString(), "--out", out.toString()), mentions);
  }

  private static Path realLog(HostileCase.Ctx ctx, String name, Instant started) throws Exception {
    Path log = ctx.dir().resolve(name);
    Files.createDirectories(log.getParent());
    new MarkdownEvidenceLog(log).append(record(started, "staging"));
    return log;
  }

  private static DrillRecord record(Instant started, String environment) {
    return new DrillRecord(new DrillRecord.Subject("checkout-rollback-" + started.toString().replaceAll("[-:.TZ]", "") + "-3f9a", "checkout-rollback", "kubernetes", environment, "shop-staging", "checkout-api", started), new DrillRecord.Judgement(Verdict.PASS, "recovered in 12.345 s, within the objective of 120.000 s", Duration.ofMillis(12_345), Duration.ofMinutes(2)), new DrillRecord.Rollback(3L, 2L, "registry.example.com/checkout:1.4.2", "registry.example.com/checkout:1.4.1"), new DrillRecord.Restore(true, "back on registry.example.com/checkout:1.4.2"), new DrillRecord.Trail(List.of(new PhaseResult("rollback", started, Duration.ofMillis(310), true, "JSON patch accepted")), List.of(new CheckResult("health", true, "200")), Map.of()));
  }

  private static void apiCases(List<HostileCase> cases) {
    cases.add(verdict("api: Kubernetes answers an HTML page with 200", 3, ctx -> kubeDrill(ctx, ctx.servers().html200,
        "not Kubernetes JSON")));
    cases.add(verdict("api: Kubernetes answers a proxy's 502 HTML page", 3, ctx -> kubeDrill(ctx,
        ctx.servers().html502, "502")));
    cases.add(verdict("api: Kubernetes answers truncated JSON", 3, ctx -> kubeDrill(ctx, ctx.servers().truncatedJson,
        "not Kubernetes JSON")));
    cases.add(verdict("api: GitHub answers an HTML page with 200", 3, ctx -> githubDrill(ctx, ctx.servers().html200,
        "not GitHub's JSON")));
    cases.add(verdict("api: GitHub answers a proxy's 502 HTML page", 3, ctx -> githubDrill(ctx,
        ctx.servers().html502, "answered 502")));
    cases.add(verdict("api: GitHub answers truncated JSON", 3, ctx -> githubDrill(ctx, ctx.servers().truncatedJson,
        "not GitHub's JSON")));
    cases.add(listing("api: Prometheus answers an HTML page with 200", 3, ctx -> prometheusCheck(ctx,
        ctx.servers().html200)));
    cases.add(listing("api: Prometheus answers a proxy's 502 HTML page", 3, ctx -> prometheusCheck(ctx,
        ctx.servers().html502)));
    cases.add(listing("api: runbook check against a Kubernetes answering HTML", 3, ctx -> {
      Path runbook = ctx.write("runbook.md", RUNBOOK);
      Path kube = ctx.kubeconfigAt(ctx.servers().html200);
      return Invocation.of(List.of("runbook", "check", runbook.toString(), "--kubeconfig", kube.toString()),
          "UNREACHABLE", ctx.servers().html200, "not Kubernetes JSON");
    }));
  }

  private static Invocation kubeDrill(HostileCase.Ctx ctx, String url, String what) throws Exception {
    Path kube = ctx.kubeconfigAt(url);
    Path cfg = ctx.write("drillbook.yaml", CONFIG);
    return Invocation.of(List.of("drill", "checkout-rollback", "--config", cfg.toString(), "--kubeconfig",
        kube.toString(), "--output", "json"), url, what).appending("drills/checkout.md");
  }

  private static Invocation githubDrill(HostileCase.Ctx ctx, String url, String what) throws Exception {
    ctx.write("token", "ghp_hostileTestTokenNeverPrinted0000000000");
    Path cfg = ctx.write("drillbook.yaml", githubDrill("tokenFile: token", ctx.kubeconfig())
        .replace("http://127.0.0.1:9/api/v3", url + "/api/v3") + "    evidenceLog: drills/actions.md\n");
    return Invocation.of(List.of("drill", "actions-rollback", "--config", cfg.toString(), "--output", "json"),
        url + "/api/v3", what).appending("drills/actions.md");
  }

  private static Invocation prometheusCheck(HostileCase.Ctx ctx, String url) throws Exception {
    Path runbook = ctx.write("runbook.md", RUNBOOK);
    Path cfg = ctx.write("drillbook.yaml", "prometheus: { url: \"" + url + "\" }\n" + CONFIG);
    return Invocation.of(List.of("runbook", "check", runbook.toString(), "--config", cfg.toString()),
        "UNREACHABLE", "Prometheus at " + url, "not the Prometheus JSON API");
  }

  private static byte[] binary() {
    byte[] bytes = new byte[4096];
    new java.util.Random(7).nextBytes(bytes);
    bytes[0] = 0x7f;
    bytes[1] = 'E';
    bytes[2] = 'L';
    bytes[3] = 'F';
    return bytes;
  }
}
