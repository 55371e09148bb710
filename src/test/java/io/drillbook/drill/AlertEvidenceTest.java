package io.drillbook.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.HealthConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.config.TargetConfig;
import io.drillbook.config.Timeouts;
import io.drillbook.drill.RolloutOutcome.State;
import io.drillbook.time.Timing;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What a drill's entry says about the target's alerts: fired, none fired, or not checked and why. */
class AlertEvidenceTest {
  private static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Timing timing = new Timing(Clock.fixed(T0, ZoneOffset.UTC), nanos::get,
      slept -> nanos.addAndGet(slept.toNanos()));
  private final FakeCluster cluster = new FakeCluster(nanos);

  private static final DrillConfig DRILL = new DrillConfig("ledger-staging-rollback", "staging",
      new TargetConfig(null, null, "payments-staging", "ledger-api"),
      new DrillConfig.Rollback(RollbackMethod.KUBERNETES, OptionalLong.empty(), true, null),
      new DrillConfig.Judging(Duration.ofMinutes(5),
          new HealthConfig(URI.create("http://ledger-api.payments-staging.svc:8080/health"), 200), Timeouts.DEFAULTS,
          null),
      new DrillConfig.Evidence(Path.of("drills/ledger.md"), "drills/ledger.md"), null, DrillConfig.Safety.NONE);

  /** A source answering from lists the test sets, recording when it was asked. */
  private static final class ScriptedAlerts implements AlertSource {
    final List<List<FiringAlert>> activeAnswers = new ArrayList<>();
    List<FiringAlert> window = List.of();
    InfrastructureException failure;
    final List<String> asked = new ArrayList<>();

    @Override
    public String unavailable(DrillConfig drill) {
      return null;
    }

    @Override
    public String describe(DrillConfig drill, Instant from, Instant to) {
      return "ALERTS{alertstate=\"firing\",namespace=\"payments-staging\"} from " + from + " to " + to;
    }

    @Override
    public List<FiringAlert> active(DrillConfig drill) throws InfrastructureException {
      asked.add("active");
      if (failure != null) {
        throw failure;
      }
      return activeAnswers.isEmpty() ? List.of() : activeAnswers.remove(0);
    }

    @Override
    public List<FiringAlert> firedBetween(DrillConfig drill, Instant from, Instant to)
        throws InfrastructureException {
      asked.add("window");
      if (failure != null) {
        throw failure;
      }
      return window;
    }

    @Override
    public List<String> rules(DrillConfig drill) {
      return List.of("LedgerErrors", "LedgerSlow");
    }
  }

  private DrillRecord run(AlertSource alerts, boolean healthy) {
    HealthProbe health = (url, expect, timeout, abort) -> {
      nanos.addAndGet(500_000_000L);
      return healthy ? new HealthProbe.HealthResult(true, 2, 200, null, nanos.get())
          : new HealthProbe.HealthResult(false, 4, 503, "HTTP 503", nanos.get());
    };
    return new DrillEngine(cluster, any -> new KubernetesPath(cluster), health, Verifier.NONE, timing,
        new DrillIds(new Random(7)), ProductionGuard.defaults(), StopQuery.NONE, DrillMarking.NONE, alerts)
        .run(DRILL, new Abort(), DrillListener.silent());
  }

  private static Map<String, String> orderedLabels(String... pairs) {
    Map<String, String> labels = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      labels.put(pairs[i], pairs[i + 1]);
    }
    return labels;
  }

  private static FiringAlert ledgerErrors(String state) {
    return new FiringAlert("LedgerErrors", state, Instant.parse("2026-12-05T02:58:10Z"),
        Map.of("namespace", "payments-staging"));
  }

  @Test
  void aFailedDrillsEntryNamesTheAlertsThatFiredAnyTimeInTheWindowWithTheirStartAndTarget() {
    cluster.rollout(State.COMPLETE, 4.0).rollout(State.COMPLETE, 3.0);
    ScriptedAlerts alerts = new ScriptedAlerts();
    alerts.activeAnswers.add(List.of(ledgerErrors("pending")));
    alerts.activeAnswers.add(List.of(ledgerErrors("firing")));
    alerts.window = List.of(new FiringAlert("LedgerSlow", "firing", Instant.parse("2026-12-05T03:00:02Z"),
        orderedLabels("namespace", "payments-staging", "pod", "ledger-api-7d9c-x2")));

    DrillRecord r = run(alerts, false);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.facts().get("failingAlerts")).isEqualTo(
        "LedgerErrors (firing since 2026-12-05T02:58:10Z, namespace=payments-staging); "
            + "LedgerSlow (firing since 2026-12-05T03:00:02Z, namespace=payments-staging, pod=ledger-api-7d9c-x2)");
    assertThat(r.facts().get("alertsBeforeRollback")).startsWith("LedgerErrors (pending since");
    assertThat(r.facts().get("alertsAtVerdict")).startsWith("LedgerErrors (firing since");
    assertThat(r.facts().get("alertsAfterRestore")).isEqualTo("none");
    assertThat(r.facts().get("alertsChecked")).contains("ALERTS{alertstate=\"firing\",namespace=\"payments-staging\"}")
        .contains("alerting rules loaded: 2 (LedgerErrors, LedgerSlow)");
    assertThat(alerts.asked).containsExactly("active", "active", "active", "window");
  }

  @Test
  void aPassingDrillWithNoAlertsSaysNoneFiredAndWhatWasChecked() {
    cluster.rollout(State.COMPLETE, 4.0).rollout(State.COMPLETE, 3.0);
    DrillRecord r = run(new ScriptedAlerts(), true);
    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.facts()).containsEntry("failingAlerts", "none firing").containsEntry("alertsBeforeRollback", "none")
        .containsEntry("alertsAtVerdict", "none").containsEntry("alertsAfterRestore", "none");
    assertThat(r.facts().get("alertsChecked")).contains("from 2026-12-05T03:00:00Z to 2026-12-05T03:00:00Z");
  }

  @Test
  void anUnreachableSourceIsNotCheckedWithTheReasonNeverNoneAndDoesNotChangeTheVerdict() {
    cluster.rollout(State.COMPLETE, 4.0).rollout(State.COMPLETE, 3.0);
    ScriptedAlerts alerts = new ScriptedAlerts();
    alerts.failure = new InfrastructureException("Prometheus at http://prometheus:9090 is unreachable");
    DrillRecord r = run(alerts, true);
    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.facts().get("failingAlerts"))
        .isEqualTo("not checked (Prometheus at http://prometheus:9090 is unreachable)");
    assertThat(r.facts().get("alertsAfterRestore")).startsWith("not checked (");
  }

  @Test
  void withoutPrometheusEveryAnswerSaysWhyNothingWasChecked() {
    cluster.rollout(State.COMPLETE, 4.0).rollout(State.COMPLETE, 3.0);
    DrillRecord r = run(AlertSource.none("no Prometheus configured"), true);
    assertThat(r.facts()).containsEntry("failingAlerts", "not checked (no Prometheus configured)")
        .containsEntry("alertsBeforeRollback", "not checked (no Prometheus configured)")
        .doesNotContainKey("alertsChecked");
  }

  @Test
  void aRefusedDrillChangesNothingAndAsksForNoAlerts() {
    cluster.planError = new PreflightException("deployment payments-staging/ledger-api is paused");
    ScriptedAlerts alerts = new ScriptedAlerts();
    DrillRecord r = run(alerts, true);
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(alerts.asked).isEmpty();
    assertThat(r.facts()).doesNotContainKey("failingAlerts");
  }
}
