package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxGitHub;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs drills of every method as real processes with a known GitHub token (file and environment) and kubeconfig
 * credentials (bearer token, basic-auth password, client key), an Alertmanager bearer token and Grafana service
 * account tokens (right and wrong), on passing, failing and erroring paths, then scans everything drillbook wrote or
 * sent for them: stdout, stderr, every file under the work folder, every issue, comment, commit and file the
 * sandbox's GitHub received, and every annotation request Grafana received. Zero occurrences, in plain text or
 * base64.
 */
class SecretsScanIT {
  private static final String GITHUB_TOKEN = "ghp_Zq8HostileScanT0kenNeverPrint3d9x7w";
  private static final String WRONG_TOKEN = "ghp_Wr0ngTokenAlsoNeverPrinted00000000aa";
  private static final String KUBE_TOKEN = "kube-bearer-7c1e9a53d2b84f60-never-printed";
  private static final String KUBE_PASSWORD = "kube-Passw0rd-3b9f-never-printed";
  private static final String ALERTMANAGER_TOKEN = "am-proxy-bearer-5d2e8c-never-printed";
  private static final String GRAFANA_TOKEN = "glsa_ScanGrafanaServiceAccount_9f3c_never";
  private static final String WRONG_GRAFANA_TOKEN = "glsa_WrongGrafanaToken_77aa_never_printed";
  private static final String WEBHOOK_SECRET = "T0SCAN/B0SCAN/webhookSecretNeverPrinted42";
  private static final String RUNBOOK = "src/test/resources/runbooks/orchestrator-staging.md";

  @TempDir Path work;
  @TempDir Path keys;

  private final List<String> outputs = new ArrayList<>();

  @Test
  void noTokenPasswordOrKeyAppearsInAnythingDrillbookWritesOrSends() throws Exception {
    String[] clientKey = clientKey();
    Map<String, String> secrets = secrets(clientKey[1]);
    // The kubernetes-method drills get a sandbox of their own, so the workflow runs start from a fresh history.
    try (io.drillbook.alertmanager.AlertmanagerProcess alertmanager =
        io.drillbook.alertmanager.AlertmanagerProcess.start();
        io.drillbook.grafana.FakeGrafana grafana = io.drillbook.grafana.FakeGrafana.start(GRAFANA_TOKEN,
            Map.of("maestro-deploys", "Maestro / Deployments"));
        Sandbox pass = Sandbox.start(options(Scenario.PASS));
        Sandbox kube = Sandbox.start(options(Scenario.PASS));
        Sandbox fail = Sandbox.start(options(Scenario.FAIL))) {
      Files.writeString(work.resolve("github-token"), GITHUB_TOKEN + "\n");
      Files.writeString(work.resolve("wrong-token"), WRONG_TOKEN + "\n");
      Files.writeString(work.resolve("am-token"), ALERTMANAGER_TOKEN + "\n");
      Files.writeString(work.resolve("grafana-token"), GRAFANA_TOKEN + "\n");
      Files.writeString(work.resolve("wrong-grafana-token"), WRONG_GRAFANA_TOKEN + "\n");
      com.sun.net.httpserver.HttpServer webhook = com.sun.net.httpserver.HttpServer.create(
          new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
      List<String> webhookBodies = new java.util.concurrent.CopyOnWriteArrayList<>();
      webhook.createContext("/services/", exchange -> {
        webhookBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
      });
      webhook.start();
      Files.writeString(work.resolve("webhook-url"), "http://127.0.0.1:" + webhook.getAddress().getPort()
          + "/services/" + WEBHOOK_SECRET + "\n");
      String signals = """
          notifications: [{ urlFile: webhook-url, format: slack, on: every }]
          alertmanager: { url: "%s", tokenFile: am-token, silence: true }
          grafana: { url: "%s", tokenFile: %s, dashboards: [maestro-deploys] }
          """;
      Path passKube = kubeconfig("pass.kubeconfig", pass.kubernetesUrl(), clientKey[0], clientKey[1]);
      Path kubeKube = kubeconfig("kube.kubeconfig", kube.kubernetesUrl(), clientKey[0], clientKey[1]);
      Path failKube = kubeconfig("fail.kubeconfig", fail.kubernetesUrl(), clientKey[0], clientKey[1]);
      Path deadKube = kubeconfig("dead.kubeconfig", "http://127.0.0.1:9", clientKey[0], clientKey[1]);

      Path local = config("local.yaml", pass, "tokenFile: github-token", "", passKube, deadKube, kube, kubeKube);
      Path inRepo = config("in-repo.yaml", pass, "", """
          evidence: { store: github, repository: sandbox/maestro-orchestrator }
          followUp: { repository: sandbox/maestro-orchestrator }
          """, passKube, deadKube, kube, kubeKube);
      Path failing = config("failing.yaml", fail, "tokenFile: github-token", """
          evidence: { store: github, repository: sandbox/maestro-orchestrator }
          followUp: { repository: sandbox/maestro-orchestrator }
          """ + signals.formatted(alertmanager.url(), grafana.url(), "grafana-token"), failKube, deadKube, kube,
          kubeKube);
      Path wrongSignals = config("wrong-signals.yaml", pass, "tokenFile: github-token",
          signals.formatted("http://127.0.0.1:9", grafana.url(), "wrong-grafana-token"), passKube, deadKube, kube,
          kubeKube);
      Path wrong = config("wrong-token.yaml", pass, "tokenFile: wrong-token", "", passKube, deadKube, kube,
          kubeKube);

      expect(0, run(Map.of(), "drill", "k8s-token", "--config", local.toString()));
      expect(0, run(Map.of(), "drill", "k8s-password", "--config", local.toString(), "--output", "json"));
      expect(0, run(Map.of(), "drill", "k8s-client-key", "--config", local.toString()));
      expect(0, run(Map.of(), "drill", "actions", "--config", local.toString(), "--dry-run"));
      expect(0, run(Map.of(), "drill", "actions", "--config", local.toString()));
      expect(0, run(Map.of("GITHUB_TOKEN", GITHUB_TOKEN), "drill", "actions", "--config", inRepo.toString(),
          "--output", "json"));
      expect(1, run(Map.of(), "drill", "actions", "--config", failing.toString()));
      expect(1, run(Map.of(), "drill", "actions", "--config", failing.toString(), "--output", "json"));
      expect(3, run(Map.of(), "drill", "actions", "--config", wrong.toString()));
      CliRun unannounced = run(Map.of(), "drill", "k8s-token", "--config", wrongSignals.toString(), "--output",
          "json");
      expect(0, unannounced);
      assertThat(unannounced.json().get("silence").asText()).startsWith("not created (Alertmanager at ");
      assertThat(unannounced.json().get("grafanaAnnotationErrors").asText()).contains("HTTP 401");
      expect(3, run(Map.of(), "drill", "actions", "--config", wrong.toString(), "--stacktrace"));
      expect(3, run(Map.of(), "drill", "k8s-dead", "--config", local.toString(), "--stacktrace"));
      run(Map.of(), "runbook", "check", Path.of(RUNBOOK).toAbsolutePath().toString(), "--config", local.toString(),
          "--kubeconfig", passKube.toString(), "--repository", "sandbox/maestro-orchestrator");
      run(Map.of(), "runbook", "check", Path.of(RUNBOOK).toAbsolutePath().toString(), "--config", wrong.toString(),
          "--repository", "sandbox/maestro-orchestrator", "--stacktrace");

      SandboxGitHub failHub = fail.gitHub();
      assertThat(failHub.issues("sandbox/maestro-orchestrator")).as("the failing drill filed a follow-up")
          .singleElement().satisfies(i -> assertThat(failHub.comments("sandbox/maestro-orchestrator", i.number()))
              .as("and commented on it the second time").isNotEmpty());
      sent("pass", pass.gitHub());
      sent("fail", failHub);
      sent("kube", kube.gitHub());
      grafana.requests().forEach(r -> outputs.add("grafana received " + r.method() + " " + r.path() + "\n"
          + r.body()));
      webhookBodies.forEach(body -> outputs.add("webhook received\n" + body));
      assertThat(webhookBodies).as("the failing drill was reported to the webhook").isNotEmpty();
      webhook.stop(0);
      assertThat(grafana.annotations()).as("the failing drill annotated its dashboard").isNotEmpty();
      assertThat(pass.gitHub().file("sandbox/maestro-orchestrator", "drills/actions.md")).isPresent();
    }
    written();

    List<String> leaks = new ArrayList<>();
    for (String output : outputs) {
      secrets.forEach((what, secret) -> {
        if (output.contains(secret)) {
          leaks.add(what + " in " + output.substring(0, output.indexOf('\n') < 0 ? output.length()
              : output.indexOf('\n')));
        }
      });
    }
    assertThat(outputs).as("outputs scanned").hasSizeGreaterThan(20);
    assertThat(leaks).as("secrets found in drillbook's outputs").isEmpty();
  }

  private static SandboxOptions options(Scenario scenario) {
    return SandboxOptions.maestroDemo(scenario).withRolloutDelay(Duration.ofMillis(100))
        .withRunStepDelay(Duration.ofMillis(50)).withGithubToken(GITHUB_TOKEN);
  }

  /** Each secret and the encodings it could travel in. */
  private static Map<String, String> secrets(String clientKeyData) {
    Map<String, String> s = new LinkedHashMap<>();
    Base64.Encoder b64 = Base64.getEncoder();
    for (Map.Entry<String, String> e : Map.of("GitHub token", GITHUB_TOKEN, "wrong GitHub token", WRONG_TOKEN,
        "kube bearer token", KUBE_TOKEN, "kube password", KUBE_PASSWORD, "Alertmanager token", ALERTMANAGER_TOKEN,
        "Grafana token", GRAFANA_TOKEN, "wrong Grafana token", WRONG_GRAFANA_TOKEN, "webhook URL secret",
        WEBHOOK_SECRET).entrySet()) {
      s.put(e.getKey(), e.getValue());
      s.put(e.getKey() + " (base64)", b64.encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)));
    }
    s.put("kube basic auth header", b64.encodeToString(("drillbook:" + KUBE_PASSWORD)
        .getBytes(StandardCharsets.UTF_8)));
    s.put("client-key-data", clientKeyData);
    String pem = new String(Base64.getDecoder().decode(clientKeyData), StandardCharsets.US_ASCII);
    s.put("client key (PEM line)", pem.lines().skip(2).findFirst().orElseThrow());
    return s;
  }

  /** A fresh RSA key and self-signed certificate, base64 as kubeconfig holds them: {certificate, key}. */
  private String[] clientKey() throws Exception {
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=drillbook-secrets-scan", "-keyout", keys.resolve("key.pem").toString(), "-out",
        keys.resolve("cert.pem").toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0).as("openssl made a client key").isTrue();
    Base64.Encoder b64 = Base64.getEncoder();
    return new String[] {b64.encodeToString(Files.readAllBytes(keys.resolve("cert.pem"))),
        b64.encodeToString(Files.readAllBytes(keys.resolve("key.pem")))};
  }

  private Path kubeconfig(String name, String server, String cert, String key) throws Exception {
    return Files.writeString(work.resolve(name), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: sandbox
          cluster: { server: "%s" }
        contexts:
        - name: with-token
          context: { cluster: sandbox, user: token-user }
        - name: with-password
          context: { cluster: sandbox, user: basic-user }
        - name: with-client-key
          context: { cluster: sandbox, user: cert-user }
        current-context: with-token
        users:
        - name: token-user
          user: { token: "%s" }
        - name: basic-user
          user: { username: drillbook, password: "%s" }
        - name: cert-user
          user: { client-certificate-data: "%s", client-key-data: "%s" }
        """.formatted(server, KUBE_TOKEN, KUBE_PASSWORD, cert, key));
  }

  private Path config(String name, Sandbox box, String auth, String extra, Path kube, Path dead, Sandbox kubeBox,
      Path kubeBoxConfig) throws Exception {
    String target = "namespace: intelgraph-staging, deployment: maestro-orchestrator, kubeconfig: \"" + kube + "\"";
    String k8s = "namespace: intelgraph-staging, deployment: maestro-orchestrator, kubeconfig: \"" + kubeBoxConfig
        + "\"";
    return Files.writeString(work.resolve(name), """
        github: { apiUrl: "%s", pollInterval: 50ms%s }
        %s
        drills:
          - name: k8s-token
            environment: staging
            target: { %s, context: with-token }
            health: { url: "%s" }
          - name: k8s-password
            environment: staging
            target: { %s, context: with-password }
            health: { url: "%s" }
          - name: k8s-client-key
            environment: staging
            target: { %s, context: with-client-key }
            health: { url: "%s" }
          - name: k8s-dead
            environment: staging
            target: { namespace: intelgraph-staging, deployment: maestro-orchestrator, kubeconfig: "%s" }
          - name: actions
            environment: staging
            target: { %s }
            method: github-actions
            health: { url: "%s" }
            evidenceLog: drills/actions.md
            github:
              repository: sandbox/maestro-orchestrator
              workflow: cd-rollback.yml
              inputs: { environment: staging, image_tag: "${previousImageTag}" }
        """.formatted(box.githubApiUrl(), auth.isEmpty() ? "" : ", " + auth, extra, k8s, health(kubeBox), k8s,
        health(kubeBox), k8s, health(kubeBox), dead, target, health(box)));
  }

  private static String health(Sandbox box) {
    return box.healthUrl("intelgraph-staging", "maestro-orchestrator");
  }

  /** Runs the packaged jar in the work folder with the extra environment; keeps stdout and stderr for the scan. */
  private CliRun run(Map<String, String> env, String... args) throws Exception {
    Path out = Files.createTempFile(keys, "stdout", ".txt");
    Path err = Files.createTempFile(keys, "stderr", ".txt");
    ProcessBuilder builder = JarProcess.builder(args).directory(work.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().remove("GITHUB_TOKEN");
    builder.environment().putAll(env);
    Process p = builder.start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("drillbook " + String.join(" ", args) + " did not finish in 3 minutes");
    }
    CliRun run = new CliRun(p.exitValue(), Files.readString(out), Files.readString(err));
    String label = "drillbook " + String.join(" ", args);
    outputs.add("stdout of " + label + "\n" + run.out());
    outputs.add("stderr of " + label + "\n" + run.err());
    return run;
  }

  private static void expect(int code, CliRun run) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(code);
  }

  /** Everything the sandbox's GitHub received: issues, comments, commits and the files they changed. */
  private void sent(String box, SandboxGitHub hub) {
    for (String repo : hub.repositories()) {
      for (SandboxGitHub.Issue issue : hub.issues(repo)) {
        outputs.add(box + " issue #" + issue.number() + "\n" + issue.title() + "\n" + issue.body() + "\n"
            + issue.labels());
        for (SandboxGitHub.Comment c : hub.comments(repo, issue.number())) {
          outputs.add(box + " comment on #" + issue.number() + "\n" + c.body());
        }
      }
      for (SandboxGitHub.Commit commit : hub.commits(repo)) {
        outputs.add(box + " commit " + commit.sha() + "\n" + commit.message());
        for (String path : commit.changedPaths()) {
          hub.file(repo, path).ifPresent(text -> outputs.add(box + " file " + path + "\n" + text));
        }
      }
      for (SandboxGitHub.Run r : hub.runs(repo)) {
        outputs.add(box + " run " + r.id() + "\n" + r.displayTitle() + "\n" + r.inputs());
      }
    }
  }

  /** Every file under the work folder except the inputs that hold the secrets on purpose. */
  private void written() throws Exception {
    List<String> inputs = List.of("github-token", "wrong-token", "pass.kubeconfig", "kube.kubeconfig", "fail.kubeconfig",
        "dead.kubeconfig", "am-token", "grafana-token", "wrong-grafana-token", "webhook-url");
    try (Stream<Path> files = Files.walk(work)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        if (!inputs.contains(work.relativize(f).toString())) {
          outputs.add("file " + f + "\n" + new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
      }
    }
    try (Stream<Path> files = Files.walk(Path.of(System.getProperty("java.io.tmpdir")), 1)) {
      files.filter(f -> f.getFileName().toString().startsWith("drillbook") && Files.isRegularFile(f))
          .forEach(f -> {
            try {
              outputs.add("temp file " + f + "\n" + Files.readString(f, StandardCharsets.ISO_8859_1));
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
    }
  }
}
