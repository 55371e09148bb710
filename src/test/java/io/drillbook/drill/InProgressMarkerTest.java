package io.drillbook.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.HealthConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.config.TargetConfig;
import io.drillbook.config.Timeouts;
import io.drillbook.config.VerificationConfig;
import io.drillbook.config.WorkflowConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The marker's annotation codec, its deadline, and the recovery decision made from it. */
class InProgressMarkerTest {
  private static final Instant T0 = Instant.parse("2026-11-29T03:00:00.123Z");
  private static final String HOLDER = "runner-a/pid-4242/ledger-staging-rollback-20261129T030000Z-3f9a";

  private static DrillConfig drill(RollbackMethod method, VerificationConfig verify) {
    return new DrillConfig("ledger-staging-rollback", "staging", new TargetConfig(null, null, "payments-staging",
        "ledger-api"),
            new DrillConfig.Rollback(method, OptionalLong.empty(), true, method == RollbackMethod.GITHUB_ACTIONS ? new WorkflowConfig("acme/ledger", "cd-rollback.yml", "main",
            Map.of(), null) : null),
        new DrillConfig.Judging(Duration.ofMinutes(5), new HealthConfig(URI.create("http://ledger-api.payments-staging.svc:8080/health"), 200), new Timeouts(Duration.ofMinutes(10), Duration.ofMinutes(2)), verify),
        new DrillConfig.Evidence(Path.of("drills/ledger.md"), "drills/ledger.md"), null, DrillConfig.Safety.NONE);
  }

  private static InProgressMarker marker(Instant deadline) {
    return new InProgressMarker("ledger-staging-rollback-20261129T030000Z-3f9a", "ledger-staging-rollback",
        "kubernetes", "staging", 3, "registry.example.com/ledger:2.3.0", 2, "registry.example.com/ledger:2.2.0", T0,
        deadline, HOLDER, "drills/ledger.md");
  }

  @Test
  void roundTripsThroughTheAnnotationJson() {
    InProgressMarker m = marker(T0.plusSeconds(1500));
    String json = m.toJson();
    assertThat(json).startsWith("{\"formatVersion\":1,\"drillId\":\"ledger-staging-rollback-20261129T030000Z-3f9a\",")
        .contains("\"deadline\":\"2026-11-29T03:25:00.123Z\"").doesNotContain("\n");
    assertThat(InProgressMarker.parse(json)).isEqualTo(m);
  }

  @Test
  void parseNamesWhatIsWrong() {
    assertThatThrownBy(() -> InProgressMarker.parse("drill running"))
        .hasMessageStartingWith("annotation drillbook.io/drill-in-progress is not JSON");
    assertThatThrownBy(() -> InProgressMarker.parse(marker(T0).toJson().replace("\"fromImage\"", "\"image\"")))
        .hasMessage("annotation drillbook.io/drill-in-progress: 'fromImage' is missing");
    assertThatThrownBy(() -> InProgressMarker.parse(marker(T0).toJson().replace("\"fromRevision\":3",
        "\"fromRevision\":\"3\""))).hasMessageContaining("'fromRevision' must be a revision number");
    assertThatThrownBy(() -> InProgressMarker.parse(marker(T0).toJson().replace("2026-11-29T03:00:00.123Z",
        "yesterday"))).hasMessageContaining("'startedAt' must be an ISO-8601 UTC instant, found 'yesterday'");
    assertThatThrownBy(() -> InProgressMarker.parse("[]")).hasMessageContaining("is not a JSON object");
  }

  @Test
  void deadlineCoversRollbackAndRestoreRolloutsHealthAndSlack() {
    // 2 x 10m rollout + 2m health = 22m, plus a tenth (2m12s) and 10 s
    assertThat(InProgressMarker.budget(drill(RollbackMethod.KUBERNETES, null)))
        .isEqualTo(Duration.ofMinutes(24).plusSeconds(22));
    // a workflow run is followed for up to the rollout timeout before the rollout itself: 4 x 10m + 2m = 42m
    assertThat(InProgressMarker.budget(drill(RollbackMethod.GITHUB_ACTIONS, null)))
        .isEqualTo(Duration.ofMinutes(42).plus(Duration.ofMinutes(42).dividedBy(10)).plusSeconds(10));
    VerificationConfig verify = new VerificationConfig(Path.of("runbook.md"), Duration.ofMinutes(5),
        Duration.ofSeconds(15), null, Map.of(), 3, Map.of());
    // no verify timeout: the sustain window plus 10 minutes, as the verifier waits
    assertThat(InProgressMarker.budget(drill(RollbackMethod.KUBERNETES, verify)))
        .isEqualTo(Duration.ofMinutes(37).plus(Duration.ofMinutes(37).dividedBy(10)).plusSeconds(10));
  }

  @Test
  void aMarkerWrittenBeforeFormatVersionsReadsAsVersionOneAndANewerOneIsRefused() {
    String today = marker(T0).toJson();
    String released = today.replace("\"formatVersion\":1,", "");
    assertThat(InProgressMarker.parse(released)).isEqualTo(marker(T0));
    assertThatThrownBy(() -> InProgressMarker.parse(today.replace("\"formatVersion\":1", "\"formatVersion\":4")))
        .hasMessage("annotation drillbook.io/drill-in-progress has format version 4, newer than this drillbook reads "
            + "(3); recover it with a newer drillbook");
  }

  @Test
  void aMarkerOfAPausedDrillIsVersionThreeAndKeepsWhatEachPausedFieldHeld() {
    PauseStep suspend = new PauseStep("Flux Kustomization flux-system/ledger", "kustomize.toolkit.fluxcd.io/v1",
        "kustomizations", "flux-system", "ledger", "/spec/suspend", null, "true");
    PauseStep automated = new PauseStep("Argo CD Application argocd/ledger", "argoproj.io/v1alpha1", "applications",
        "argocd", "ledger", "/spec/syncPolicy/automated", "{\"prune\":true,\"selfHeal\":true}", null);
    InProgressMarker m = marker(T0);
    InProgressMarker paused = new InProgressMarker(m.drillId(), m.drill(), m.method(), m.environment(),
        m.fromRevision(), m.fromImage(), m.toRevision(), m.toImage(), m.startedAt(), m.deadline(), m.holder(),
        m.evidenceLog(), null, java.util.List.of(suspend, automated));

    String json = paused.toJson();

    assertThat(json).startsWith("{\"formatVersion\":3,");
    InProgressMarker read = InProgressMarker.parse(json);
    assertThat(read).isEqualTo(paused);
    assertThat(read.paused().get(0).original()).isNull();
    assertThat(read.dueAt(T0).paused()).containsExactly(suspend, automated);
    assertThatThrownBy(() -> InProgressMarker.parse(json.replace("\"paused\":[", "\"paused\":{\"x\":[").replace("]}", "]}}")))
        .hasMessage("annotation drillbook.io/drill-in-progress: 'paused' must be a list");
  }

  @Test
  void aMarkerOfADrillOnItsFallbackIsVersionTwoAndNamesThePathToRestoreThrough() {
    RollbackPlan helmPlan = new RollbackPlan(12, "registry.example.com/ledger:2.3.0", 11,
        "registry.example.com/ledger:2.2.0", false, null);
    InProgressMarker switched = marker(T0).changedBy("helm", helmPlan);
    String json = switched.toJson();
    assertThat(json).startsWith("{\"formatVersion\":2,").endsWith(",\"changedBy\":\"helm\"}");
    InProgressMarker read = InProgressMarker.parse(json);
    assertThat(read).isEqualTo(switched);
    assertThat(read.restoreMethod()).isEqualTo("helm");
    assertThat(read.method()).isEqualTo("kubernetes");
    assertThat(read.fromRevision()).isEqualTo(12);
    assertThat(marker(T0).restoreMethod()).isEqualTo("kubernetes");
  }

  @Test
  void byDeadline_leavesAMarkerAloneBeforeItsDeadline() {
    Recovery.Decision d = Recovery.byDeadline(marker(T0.plusSeconds(60)), T0.plusSeconds(59));
    assertThat(d.recover()).isFalse();
    assertThat(d.why()).isEqualTo("drill ledger-staging-rollback-20261129T030000Z-3f9a in progress, held by "
        + HOLDER + " until 2026-11-29T03:01:00.123Z");
  }

  @Test
  void byDeadline_recoversAnOverdueMarker() {
    Recovery.Decision d = Recovery.byDeadline(marker(T0.plusSeconds(60)), T0.plusSeconds(61));
    assertThat(d.recover()).isTrue();
    assertThat(d.why()).isEqualTo("drill ledger-staging-rollback-20261129T030000Z-3f9a held by " + HOLDER
        + " did not finish (deadline 2026-11-29T03:01:00.123Z)");
  }
}
