package io.drillbook.config;

import static io.drillbook.config.ConfigText.parse;
import static io.drillbook.config.ConfigText.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code alertmanager} and {@code grafana}: top-level defaults, a drill's own say, and what each needs. */
class SignalConfigTest {
  private static final String DRILLS = """
      drills:
        - name: ledger-rollback
          environment: staging
          target: { namespace: payments-staging, deployment: ledger-api }
        - name: ledger-quiet
          environment: staging
          target: { namespace: payments-staging, deployment: ledger-worker }
          alertmanager: { silence: false }
          grafana: { dashboards: [ledger-workers] }
      """;



  @Test
  void topLevelDefaultsApplyToEveryDrillThatDoesNotSayOtherwise() throws Exception {
    DrillbookConfig c = parse("""
        alertmanager: { url: "http://alertmanager.monitoring.svc:9093", tokenFile: secrets/am, silence: true,
                        silenceFor: 3m }
        grafana: { url: "https://grafana.example.com", tokenFile: secrets/grafana,
                   dashboards: [maestro-deployments, K8sDeployments_v2] }
        """ + DRILLS);
    assertThat(c.alertmanager()).isEqualTo(new AlertmanagerConfig(URI.create("http://alertmanager.monitoring.svc:9093"),
        Path.of("/srv/drills-repo/secrets/am"), true, Duration.ofMinutes(3)));
    assertThat(c.grafana().tokenFile()).isEqualTo(Path.of("/srv/drills-repo/secrets/grafana"));
    DrillConfig.Signals loud = c.drill("ledger-rollback").orElseThrow().signals();
    assertThat(loud.silence()).isTrue();
    assertThat(loud.dashboards()).containsExactly("maestro-deployments", "K8sDeployments_v2");
    DrillConfig.Signals quiet = c.drill("ledger-quiet").orElseThrow().signals();
    assertThat(quiet.silence()).isFalse();
    assertThat(quiet.dashboards()).containsExactly("ledger-workers");
  }

  @Test
  void withoutAlertmanagerOrGrafanaDrillsSilenceNothingAndAnnotateNothing() throws Exception {
    DrillConfig d = parse(DRILLS.replace("grafana: { dashboards: [ledger-workers] }", ""))
        .drill("ledger-rollback").orElseThrow();
    assertThat(d.signals()).isEqualTo(new DrillConfig.Signals(false, List.of()));
  }

  @Test
  void aDrillAskingForASilenceNeedsAnAlertmanager() {
    assertThat(refusal(DRILLS.replace("silence: false", "silence: true")))
        .contains("drillbook.yaml").contains("alertmanager.silence needs a top-level 'alertmanager: { url: ... }'");
  }

  @Test
  void dashboardsNeedAGrafana() {
    assertThat(refusal(DRILLS)).contains("grafana.dashboards needs a top-level 'grafana: { url: ..., tokenFile: ... }'");
  }

  @Test
  void aDashboardNameIsRefusedOnItsLineBecauseGrafanaAnnotatesByUid() {
    String message = refusal("""
        grafana: { url: "https://grafana.example.com", tokenFile: secrets/grafana }
        """ + DRILLS.replace("[ledger-workers]", "[maestro/deployments]"));
    assertThat(message).startsWith("drillbook.yaml:10: drills[1].grafana.dashboards[0]: ").contains("'maestro/deployments' is not a dashboard UID")
        .contains("a name such as maestro/deployments is a folder and title, not a UID").contains("/d/<uid>/");
  }

  @Test
  void aSilenceMustLapseWithinMinutesOfACrash() {
    assertThat(refusal("""
        alertmanager: { url: "http://alertmanager:9093", silenceFor: 6h }
        """ + DRILLS)).contains("must be from 1m to 1h");
  }

  @Test
  void notificationsReadTheirUrlFromAFileAndDefaultToJsonOnFail() throws Exception {
    DrillbookConfig c = parse("""
        notifications:
          - urlFile: secrets/slack-webhook
            format: slack
          - { urlFile: /run/secrets/incident-hook, on: every }
        """ + DRILLS.replace("grafana: { dashboards: [ledger-workers] }", ""));
    assertThat(c.notifications()).containsExactly(
        new NotificationConfig(Path.of("/srv/drills-repo/secrets/slack-webhook"), NotificationConfig.Format.SLACK,
            false),
        new NotificationConfig(Path.of("/run/secrets/incident-hook"), NotificationConfig.Format.JSON, true));
  }

  @Test
  void aWebhookUrlWrittenInTheConfigIsRefusedBecauseItIsACredential() {
    assertThat(refusal("""
        notifications:
          - url: https://hooks.slack.com/services/T000/B000/XXXX
        """ + DRILLS.replace("grafana: { dashboards: [ledger-workers] }", ""))).contains("notifications[0]").contains("unknown key 'url'");
    assertThat(refusal("""
        notifications:
          - { urlFile: hook, on: pass }
        """ + DRILLS.replace("grafana: { dashboards: [ledger-workers] }", ""))).contains("'pass' is not a choice; use fail or every");
  }
}
