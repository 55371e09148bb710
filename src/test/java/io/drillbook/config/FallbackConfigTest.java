package io.drillbook.config;

import static io.drillbook.config.ConfigText.parse;
import static io.drillbook.config.ConfigText.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@code fallback} and {@code fallbackAfter}: only the runbook's own decisions, each with what it needs. */
class FallbackConfigTest {
  private static final String GITHUB = """
      github: { tokenFile: /run/secrets/github-token }
      drills:
        - name: ledger-rollback
          environment: staging
          target: { namespace: payments-staging, deployment: ledger-api }
          method: github-actions
          github:
            repository: acme/ledger
            workflow: cd-rollback.yml
            inputs: { image_tag: "${previousImageTag}" }
          fallback: helm
          fallbackAfter: 5m
          helm: { release: ledger }
      """;

  private static final String RESTART = """
      drills:
        - name: ledger-restart
          environment: staging
          target: { namespace: payments-staging, deployment: ledger-api }
          method: restart
          fallback: kubernetes
          health: { url: "http://ledger-api.payments-staging.svc:8080/health" }
      """;



  @Test
  void aGitHubActionsDrillFallsBackToItsHelmRelease() throws Exception {
    DrillConfig d = parse(GITHUB).drill("ledger-rollback").orElseThrow();
    assertThat(d.fallback()).isEqualTo(new DrillConfig.Fallback(RollbackMethod.HELM, Duration.ofMinutes(5)));
    assertThat(d.helm().release()).isEqualTo("ledger");
    assertThat(d.helm().namespace()).isEqualTo("payments-staging");
    DrillConfig second = d.asFallback();
    assertThat(second.method()).isEqualTo(RollbackMethod.HELM);
    assertThat(second.fallback()).isNull();
    assertThat(second.workflow()).isNull();
    assertThat(second.helm()).isEqualTo(d.helm());
    assertThat(second.target()).isEqualTo(d.target());
  }

  @Test
  void aRestartFallsBackToTheKubernetesRollbackAndMayNameItsRevision() throws Exception {
    DrillConfig d = parse(RESTART + "    rollback: { toRevision: 4 }\n").drill("ledger-restart").orElseThrow();
    assertThat(d.fallback()).isEqualTo(new DrillConfig.Fallback(RollbackMethod.KUBERNETES, null));
    assertThat(d.toRevision()).isEqualTo(OptionalLong.of(4));
    assertThat(d.helm()).isNull();
  }

  @Test
  void onlyTheRunbooksFallbacksAreAccepted() {
    assertThat(refusal(RESTART.replace("fallback: kubernetes", "fallback: github-actions")))
        .startsWith("drillbook.yaml:6: drills[0].fallback: a restart drill cannot fall back to github-actions; the "
            + "fallbacks are github-actions -> helm or kubernetes, and restart -> kubernetes or helm");
    assertThat(refusal(RESTART.replace("method: restart", "method: kubernetes")))
        .contains("a kubernetes drill cannot fall back to kubernetes");
    assertThat(refusal(RESTART.replace("fallback: kubernetes", "fallback: rollout-undo")))
        .contains("drills[0].fallback: unknown method 'rollout-undo'");
  }

  @Test
  void aHelmFallbackNeedsTheRelease() {
    assertThat(refusal(GITHUB.replace("    helm: { release: ledger }\n", "")))
        .contains("drills[0]").contains("helm");
  }

  @Test
  void fallbackAfterWithoutAFallbackIsRefused() {
    assertThat(refusal(RESTART.replace("fallback: kubernetes", "fallbackAfter: 2m")))
        .contains("drills[0].fallbackAfter: 'fallbackAfter' needs a 'fallback' path to fall back to");
  }

  @Test
  void aGitHubActionsDrillFallingBackToHelmTakesOnlyThePreviousRevision() {
    assertThat(refusal(GITHUB + "    rollback: { toRevision: 3 }\n"))
        .contains("drills[0].rollback: a github-actions drill falling back to helm counts revisions two ways");
  }

  @Test
  void aRestartWithoutAFallbackStillTakesNoRevision() {
    assertThat(refusal(RESTART.replace("    fallback: kubernetes\n", "") + "    rollback: { toRevision: 4 }\n"))
        .contains("'method: restart' takes no toRevision");
  }
}
