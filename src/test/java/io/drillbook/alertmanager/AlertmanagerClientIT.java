package io.drillbook.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drillbook.alertmanager.Silence.Matcher;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a real Alertmanager 0.25: alerts by matcher, and a silence's whole life. */
class AlertmanagerClientIT {
  private static final Map<String, String> STAGING = Map.of("namespace", "intelgraph-staging");
  private AlertmanagerProcess alertmanager;
  private AlertmanagerClient client;

  @BeforeEach
  void start() throws Exception {
    alertmanager = AlertmanagerProcess.start();
    client = new AlertmanagerClient(alertmanager.url(), null, Duration.ofSeconds(5));
    alertmanager.fire(Map.of("alertname", "OrchestratorErrors", "namespace", "intelgraph-staging",
        "severity", "page"));
    alertmanager.fire(Map.of("alertname", "OrchestratorErrors", "namespace", "intelgraph-prod"));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.alerts(Map.of()).size() == 2);
  }

  @AfterEach
  void stop() throws Exception {
    alertmanager.close();
  }

  private ActiveAlert staging() throws Exception {
    return client.alerts(STAGING).get(0);
  }

  @Test
  void alertsAreFilteredByTheDrillsMatchersOnTheServer() throws Exception {
    List<ActiveAlert> alerts = client.alerts(STAGING);
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.name()).isEqualTo("OrchestratorErrors");
      assertThat(a.labels()).containsEntry("namespace", "intelgraph-staging");
      assertThat(a.state()).isEqualTo("active");
    });
    assertThat(client.alerts(Map.of("namespace", "=~intelgraph-.*"))).hasSize(2);
    assertThat(client.alerts(Map.of("namespace", "!=intelgraph-staging"))).singleElement()
        .extracting(a -> a.labels().get("namespace")).isEqualTo("intelgraph-prod");
  }

  @Test
  void aSilenceSuppressesOnlyItsNamespaceIsExtendedInPlaceAndExpires() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Silence silence = client.createSilence(List.of(Matcher.equal("namespace", "intelgraph-staging")), now,
        now.plus(Duration.ofMinutes(2)), "drillbook", "rollback drill");
    assertThat(silence.state()).isEqualTo("active");
    await().atMost(Duration.ofSeconds(10)).until(() -> staging().state().equals("suppressed"));
    assertThat(staging().silencedBy()).containsExactly(silence.id());
    assertThat(client.alerts(Map.of("namespace", "intelgraph-prod")).get(0).state()).isEqualTo("active");

    Silence extended = client.extendSilence(silence, now.plus(Duration.ofMinutes(4)), "drillbook", "renewed");
    // Same matchers, same start, still active: Alertmanager updates it in place and keeps its id.
    assertThat(extended.id()).isEqualTo(silence.id());
    assertThat(extended.endsAt()).isAfter(silence.endsAt());
    assertThat(client.silence(silence.id()).state()).isEqualTo("active");

    assertThat(client.expireSilence(silence.id())).isTrue();
    assertThat(client.silence(silence.id()).state()).isEqualTo("expired");
    assertThat(client.expireSilence(silence.id())).as("already expired").isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> staging().state().equals("active"));
  }

  @Test
  void changingASilencesMatchersReplacesItUnderANewId() throws Exception {
    Instant now = Instant.now();
    Silence silence = client.createSilence(List.of(Matcher.equal("namespace", "intelgraph-staging")), now,
        now.plus(Duration.ofMinutes(2)), "drillbook", "rollback drill");
    Silence other = new Silence(silence.id(), List.of(Matcher.equal("namespace", "intelgraph-staging"),
        Matcher.equal("alertname", "OrchestratorErrors")), silence.startsAt(), silence.endsAt(), silence.state());
    Silence replaced = client.extendSilence(other, now.plus(Duration.ofMinutes(3)), "drillbook", "renewed");
    assertThat(replaced.id()).isNotEqualTo(silence.id());
    assertThat(client.silence(silence.id()).state()).isEqualTo("expired");
  }

  @Test
  void aSilenceNobodyRenewsLapsesByItself() throws Exception {
    Instant now = Instant.now();
    Silence silence = client.createSilence(List.of(Matcher.equal("namespace", "intelgraph-staging")), now,
        now.plusSeconds(3), "drillbook", "rollback drill");
    await().atMost(Duration.ofSeconds(15)).until(() -> client.silence(silence.id()).state().equals("expired"));
    assertThat(client.expireSilence(silence.id())).isFalse();
  }

  @Test
  void anUnreachableAlertmanagerIsOneLineNamingIt() throws Exception {
    alertmanager.kill();
    AlertmanagerClient dead = new AlertmanagerClient(alertmanager.url(), "t0ken-never-printed", Duration.ofSeconds(2));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> dead.alerts(STAGING))
        .isInstanceOf(AlertmanagerException.class)
        .hasMessageStartingWith("Alertmanager at " + alertmanager.url() + " is unreachable")
        .hasMessageNotContaining("t0ken");
  }
}
