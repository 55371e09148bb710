package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.evidence.EvidenceLogReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as separate processes: what a user of a fresh clone sees. */
class PackagedCliIT {
  @TempDir Path dir;

  @Test
  void demoTwiceAppendsTwoEntriesAndKeepsTheFirstEntrysBytes() throws Exception {
    Path log = dir.resolve("x.md");
    CliRun first = JarProcess.run(dir, "demo", "--log", log.toString(), "--rollout-delay", "200ms");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("] rollout    ok").contains("PASS");
    byte[] before = Files.readAllBytes(log);
    CliRun second = JarProcess.run(dir, "demo", "--log", log.toString(), "--rollout-delay", "200ms");
    assertThat(second.exitCode()).as(second.err()).isZero();
    byte[] after = Files.readAllBytes(log);
    assertThat(Arrays.copyOf(after, before.length)).isEqualTo(before);
    assertThat(EvidenceLogReader.readAll(log)).hasSize(2);
  }

  @Test
  void demoFailScenarioPrintsOnlyOneJsonObjectOnStdout() throws Exception {
    CliRun run = JarProcess.run(dir, "demo", "--scenario", "fail", "--output", "json", "--log",
        dir.resolve("f.md").toString(), "--rollout-delay", "200ms");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    JsonNode json = run.json();
    assertThat(json.get("verdict").asText()).isEqualTo("FAIL");
    assertThat(json.get("restored").asBoolean()).isTrue();
  }

  @Test
  void standaloneSandboxServesADrillFromAnotherProcess() throws Exception {
    Path config = dir.resolve("c.yaml");
    List<String> sandboxOutput = new CopyOnWriteArrayList<>();
    Process sandbox = JarProcess.startUntil("ready"::equals, sandboxOutput, "sandbox", "--write-config", config.toString(),
        "--log", dir.resolve("sandbox.md").toString(), "--rollout-delay", "200ms");
    try {
      assertThat(sandboxOutput).anyMatch(l -> l.startsWith("kubeconfig: "));
      CliRun run = JarProcess.run(dir, "drill", "sandbox-kubernetes", "--config", config.toString());
      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("PASS");
      assertThat(EvidenceLogReader.readAll(dir.resolve("sandbox.md"))).singleElement()
          .satisfies(e -> assertThat(e.record().restored()).isTrue());
    } finally {
      sandbox.destroy();
      assertThat(sandbox.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void sigtermMidRolloutAbortsRestoresAndRecordsTheDrill() throws Exception {
    Path config = dir.resolve("c.yaml");
    Path log = dir.resolve("sigterm.md");
    List<String> sandboxOutput = new CopyOnWriteArrayList<>();
    Process sandbox = JarProcess.startUntil("ready"::equals, sandboxOutput, "sandbox", "--write-config", config.toString(),
        "--log", log.toString(), "--rollout-delay", "1s");
    try {
      List<String> drillOutput = new CopyOnWriteArrayList<>();
      Process drill = JarProcess.startUntil(line -> line.contains("] rollout    ..."), drillOutput,
          "drill", "sandbox-kubernetes", "--config", config.toString());
      drill.destroy();
      assertThat(drill.waitFor(2, TimeUnit.MINUTES)).isTrue();
      var entry = EvidenceLogReader.readAll(log).get(0);
      assertThat(entry.record().verdict()).isEqualTo(io.drillbook.drill.Verdict.ABORTED);
      assertThat(entry.record().restored()).isTrue();
      assertThat(entry.record().restoreDetail()).contains("registry.example.com/maestro/orchestrator:1.4.2");
      try (var client = io.drillbook.kube.KubeClients.connect(
          Path.of(sandboxOutput.stream().filter(l -> l.startsWith("kubeconfig: ")).findFirst().orElseThrow()
              .substring("kubeconfig: ".length()).replaceFirst(" \\(context .*\\)$", "")), null)) {
        var deployment = client.apps().deployments().inNamespace("intelgraph-staging").withName("maestro-orchestrator").get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
            .isEqualTo("registry.example.com/maestro/orchestrator:1.4.2");
      }
    } finally {
      sandbox.destroy();
      assertThat(sandbox.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void failingGitHubDrillRunTwiceOpensOneFollowUpThenCommentsOnIt() throws Exception {
    Path config = dir.resolve("c.yaml");
    List<String> sandboxOutput = new CopyOnWriteArrayList<>();
    Process sandbox = JarProcess.startUntil("ready"::equals, sandboxOutput, "sandbox", "--scenario", "fail",
        "--write-config", config.toString(), "--log", dir.resolve("gh.md").toString(), "--rollout-delay", "150ms");
    try {
      CliRun first = JarProcess.run(dir, "drill", "sandbox-github-actions", "--config", config.toString(), "--output",
          "json");
      CliRun second = JarProcess.run(dir, "drill", "sandbox-github-actions", "--config", config.toString(), "--output",
          "json");
      assertThat(first.exitCode()).as(first.err()).isEqualTo(1);
      assertThat(second.exitCode()).as(second.err()).isEqualTo(1);
      String issue = first.json().get("followUpIssue").asText();
      assertThat(issue).contains("/sandbox/maestro-orchestrator/issues/");
      assertThat(second.json().get("followUpIssue").asText()).isEqualTo(issue);
      assertThat(first.json().get("followUpAction").asText()).isEqualTo("opened");
      assertThat(second.json().get("followUpAction").asText()).isEqualTo("commented");

      String api = sandboxOutput.stream().filter(l -> l.startsWith("github api: ")).findFirst().orElseThrow()
          .substring("github api: ".length()).replaceFirst(" \\(token in .*\\)$", "");
      String tokenFile = sandboxOutput.stream().filter(l -> l.startsWith("github api: ")).findFirst().orElseThrow()
          .replaceFirst(".*\\(token in (.*)\\)$", "$1");
      String number = issue.substring(issue.lastIndexOf('/') + 1);
      var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
              api + "/repos/sandbox/maestro-orchestrator/issues/" + number + "/comments"))
          .header("Authorization", "Bearer " + Files.readString(Path.of(tokenFile)).trim()).build();
      String comments = java.net.http.HttpClient.newHttpClient()
          .send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      JsonNode list = new com.fasterxml.jackson.databind.ObjectMapper().readTree(comments);
      assertThat(list).hasSize(1);
      assertThat(list.get(0).get("body").asText()).contains("The drill failed again")
          .contains(second.json().get("drillId").asText());
    } finally {
      sandbox.destroy();
      assertThat(sandbox.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void twoDrillsOfOneTargetStartedTogetherRunOnceAndRecordTheSkip() throws Exception {
    Path config = dir.resolve("c.yaml");
    Path log = dir.resolve("both.md");
    List<String> sandboxOutput = new CopyOnWriteArrayList<>();
    Process sandbox = JarProcess.startUntil("ready"::equals, sandboxOutput, "sandbox", "--write-config",
        config.toString(), "--log", log.toString(), "--rollout-delay", "700ms");
    try {
      CompletableFuture<CliRun> a = CompletableFuture.supplyAsync(() -> run("drill", "sandbox-kubernetes", "--config",
          config.toString(), "--output", "json"));
      CompletableFuture<CliRun> b = CompletableFuture.supplyAsync(() -> run("drill", "sandbox-kubernetes", "--config",
          config.toString(), "--output", "json"));
      List<Integer> codes = List.of(a.get().exitCode(), b.get().exitCode());
      assertThat(codes).as(a.get().err() + b.get().err()).containsExactlyInAnyOrder(0, 3);
      CliRun skipped = a.get().exitCode() == 3 ? a.get() : b.get();
      assertThat(skipped.json().get("verdict").asText()).isEqualTo("SKIPPED");
      assertThat(skipped.json().get("reason").asText()).contains("another drill of intelgraph-staging/"
          + "maestro-orchestrator is running");
      assertThat(EvidenceLogReader.readAll(log)).extracting(e -> e.record().verdict().name())
          .containsExactlyInAnyOrder("PASS", "SKIPPED");
    } finally {
      sandbox.destroy();
      assertThat(sandbox.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private CliRun run(String... args) {
    try {
      return JarProcess.run(dir, args);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
