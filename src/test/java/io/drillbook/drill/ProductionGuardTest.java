package io.drillbook.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.config.SafetyConfig;
import io.drillbook.config.StopConditions;
import io.drillbook.config.TargetConfig;
import io.drillbook.config.Timeouts;
import io.drillbook.config.WorkflowConfig;
import io.drillbook.drill.RolloutOutcome.State;
import io.drillbook.time.Timing;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProductionGuardTest {
  private static final ClusterIdentity STAGING = new ClusterIdentity("eu-staging-1", "eu-staging", "10.0.0.1");
  private static final List<Pattern> DEFAULTS = SafetyConfig.DEFAULT.productionPatterns();

  private static DrillConfig drill(String namespace, String environment, boolean allowProduction) {
    return new DrillConfig("checkout-rollback", environment, new TargetConfig(null, null, namespace, "checkout-api"),
        new DrillConfig.Rollback(RollbackMethod.KUBERNETES, OptionalLong.empty(), true, null),
        new DrillConfig.Judging(Duration.ofMinutes(5), null, Timeouts.DEFAULTS, null),
        new DrillConfig.Evidence(Path.of("drills/checkout.md"), "drills/checkout.md"), null,
        new DrillConfig.Safety(allowProduction, StopConditions.NONE));
  }

  private static DrillConfig actionsDrill(Map<String, String> inputs) {
    return new DrillConfig("checkout-rollback", "staging", new TargetConfig(null, null, "shop-staging", "checkout-api"),
        new DrillConfig.Rollback(RollbackMethod.GITHUB_ACTIONS, OptionalLong.empty(), true, new WorkflowConfig("shop/checkout", "cd-rollback.yml", "main", inputs, null)),
        new DrillConfig.Judging(Duration.ofMinutes(5), null, Timeouts.DEFAULTS, null),
        new DrillConfig.Evidence(Path.of("drills/checkout.md"), "drills/checkout.md"), null, DrillConfig.Safety.NONE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"prod", "PROD", "production", "eu-prod-1", "shop-production", "prod_eu", "prod1",
      "gke_acme_europe-west1_prod"})
  void defaultPatternsTreatProdSegmentsAsProduction(String name) {
    assertThat(DEFAULTS.get(0).matcher(name).find()).as(name).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"product-catalog", "reproduce", "staging", "products", "eu-staging-1", "nonproduction",
      "drillbook-sandbox"})
  void defaultPatternsLeaveOtherWordsAlone(String name) {
    assertThat(DEFAULTS.get(0).matcher(name).find()).as(name).isFalse();
  }

  @Test
  void stagingPassesWithoutAnyOverride() throws Exception {
    assertThat(new ProductionGuard(DEFAULTS, false).check(drill("shop-staging", "staging", false), STAGING)).isNull();
  }

  @Test
  void productionNamespaceIsRefusedWithoutOverrides() {
    assertThatThrownBy(() -> new ProductionGuard(DEFAULTS, false).check(drill("shop-prod", "staging", false), STAGING))
        .isInstanceOf(PreflightException.class)
        .hasMessage("target namespace 'shop-prod' looks like production (pattern " + DEFAULTS.get(0).pattern()
            + "); set allowProduction: true on drill checkout-rollback and pass --allow-production to drill it anyway");
  }

  @Test
  void allowProductionInTheConfigAloneIsNotEnough() {
    assertThatThrownBy(() -> new ProductionGuard(DEFAULTS, false).check(drill("shop-prod", "staging", true), STAGING))
        .isInstanceOf(PreflightException.class)
        .hasMessageEndingWith("drill checkout-rollback has allowProduction: true, but --allow-production was not passed");
  }

  @Test
  void theCommandLineFlagAloneIsNotEnough() {
    assertThatThrownBy(() -> new ProductionGuard(DEFAULTS, true).check(drill("shop-prod", "staging", false), STAGING))
        .isInstanceOf(PreflightException.class)
        .hasMessageEndingWith("--allow-production was passed, but drill checkout-rollback does not set "
            + "allowProduction: true");
  }

  @Test
  void bothOverridesTogetherAllowItAndSayWhatWasOverridden() throws Exception {
    String note = new ProductionGuard(DEFAULTS, true).check(drill("shop-prod", "staging", true), STAGING);
    assertThat(note).startsWith("drilled although target namespace 'shop-prod' looks like production")
        .endsWith("allowed by allowProduction: true and --allow-production");
  }

  @Test
  void contextClusterAndServerHostAreJudgedToo() {
    ProductionGuard guard = new ProductionGuard(DEFAULTS, false);
    DrillConfig staging = drill("shop-staging", "staging", false);
    assertThatThrownBy(() -> guard.check(staging, new ClusterIdentity("eu-prod-1", "eu-staging", "10.0.0.1")))
        .hasMessageStartingWith("target context 'eu-prod-1' looks like production");
    assertThatThrownBy(() -> guard.check(staging, new ClusterIdentity("admin@shop", "shop-production", "10.0.0.1")))
        .hasMessageStartingWith("cluster 'shop-production' looks like production");
    assertThatThrownBy(() -> guard.check(staging, new ClusterIdentity(null, null, "api.prod.example.com")))
        .hasMessageStartingWith("API server host 'api.prod.example.com' looks like production");
  }

  @Test
  void theConfiguredContextCountsWhenTheClusterCannotTell() {
    DrillConfig d = new DrillConfig("checkout-rollback", "staging", new TargetConfig("prod-admin", null, "shop-staging", "checkout-api"),
        new DrillConfig.Rollback(RollbackMethod.KUBERNETES, OptionalLong.empty(), true, null),
        new DrillConfig.Judging(Duration.ofMinutes(5), null, Timeouts.DEFAULTS, null),
        new DrillConfig.Evidence(Path.of("drills/c.md"), "drills/c.md"), null, DrillConfig.Safety.NONE);
    assertThatThrownBy(() -> new ProductionGuard(DEFAULTS, false).check(d, ClusterIdentity.UNKNOWN))
        .hasMessageStartingWith("target context 'prod-admin' looks like production");
  }

  @Test
  void theDrillEnvironmentAndTheWorkflowsEnvironmentInputAreJudged() {
    ProductionGuard guard = new ProductionGuard(DEFAULTS, false);
    assertThatThrownBy(() -> guard.check(drill("shop-staging", "production", false), STAGING))
        .hasMessageStartingWith("environment 'production' looks like production");
    assertThatThrownBy(() -> guard.check(actionsDrill(Map.of("environment", "prod", "image_tag", "x")), STAGING))
        .hasMessageStartingWith("workflow input environment 'prod' looks like production");
  }

  @Test
  void configuredPatternsReplaceTheDefaults() throws Exception {
    ProductionGuard guard = new ProductionGuard(List.of(Pattern.compile("^live-", Pattern.CASE_INSENSITIVE)), false);
    assertThat(guard.check(drill("shop-prod", "staging", false), STAGING)).isNull();
    assertThatThrownBy(() -> guard.check(drill("LIVE-shop", "staging", false), STAGING))
        .hasMessageContaining("target namespace 'LIVE-shop' looks like production (pattern ^live-)");
  }

  @Test
  void engineRefusesAtPreflightTouchingNothingAndRecordsTheOverrideWhenAllowed() {
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    Timing timing = new Timing(Clock.fixed(Instant.parse("2026-11-29T03:00:00Z"), ZoneOffset.UTC), nanos::get);
    FakeCluster cluster = new FakeCluster(nanos);
    HealthProbe healthy = (u, e, t, a) -> new HealthProbe.HealthResult(true, 1, 200, null, nanos.get());

    DrillEngine guarded = new DrillEngine(cluster, any -> new KubernetesPath(cluster), healthy, Verifier.NONE, timing,
        new DrillIds(new Random(7)), new ProductionGuard(DEFAULTS, false), StopQuery.NONE, DrillMarking.NONE);
    assertThat(guarded.refusesAsProduction(drill("shop-prod", "staging", true))).isTrue();
    DrillRecord refused = guarded.run(drill("shop-prod", "staging", true), new Abort(), DrillListener.silent());
    assertThat(refused.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(refused.reason()).startsWith("preflight refused: target namespace 'shop-prod' looks like production");
    assertThat(cluster.calls).as("refused before even reading the deployment").isEmpty();

    cluster.rollout(State.COMPLETE, 2.0).rollout(State.COMPLETE, 2.0);
    DrillEngine overridden = new DrillEngine(cluster, any -> new KubernetesPath(cluster), healthy, Verifier.NONE,
        timing, new DrillIds(new Random(7)), new ProductionGuard(DEFAULTS, true), StopQuery.NONE, DrillMarking.NONE);
    DrillRecord allowed = overridden.run(drill("shop-prod", "staging", true), new Abort(), DrillListener.silent());
    assertThat(allowed.verdict()).isEqualTo(Verdict.PASS);
    assertThat(allowed.facts().get("productionOverride")).contains("target namespace 'shop-prod'");
  }
}
