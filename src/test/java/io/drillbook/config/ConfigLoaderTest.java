package io.drillbook.config;

import static io.drillbook.config.ConfigText.parse;
import static io.drillbook.config.ConfigText.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drillbook.schedule.QuartzCron;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String FULL = """
      drills:
        - name: checkout-staging-rollback
          environment: staging
          target:
            context: staging-eu
            namespace: shop-staging
            deployment: checkout-api
          method: kubernetes
          rollback:
            toRevision: 7
          restore: true
          objective: 4m30s
          health:
            url: http://checkout-api.shop-staging.svc:8080/healthz
            expectStatus: 204
          timeouts: { rollout: 8m, health: 90s }
          evidenceLog: drills/checkout-rollback-drill.md
        - name: search-staging-rollback
          environment: staging
          target:
            namespace: search-staging
            deployment: search-indexer
      """;

  private final ConfigLoader loader = new ConfigLoader(QuartzCron.SYNTAX);



  @Test
  void schedulerLeaseDurationDefaultsToAMinuteAndRefusesLessThanASecond() throws Exception {
    assertThat(parse(FULL).scheduler().leaseDuration()).isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(parse(FULL + "scheduler:\n  leaseDuration: 3s\n").scheduler().leaseDuration())
        .isEqualTo(java.time.Duration.ofSeconds(3));
    assertThat(refused(FULL + "scheduler:\n  leaseDuration: 500ms\n").getMessage())
        .startsWith("drillbook.yaml:24: scheduler.leaseDuration: ")
        .contains("must be at least 1s");
  }

  @Test
  void readsEveryDocumentedKey() throws Exception {
    DrillConfig d = parse(FULL).drill("checkout-staging-rollback").orElseThrow();
    assertThat(d.environment()).isEqualTo("staging");
    assertThat(d.target()).isEqualTo(new TargetConfig("staging-eu", null, "shop-staging", "checkout-api"));
    assertThat(d.method()).isEqualTo(RollbackMethod.KUBERNETES);
    assertThat(d.toRevision()).isEqualTo(OptionalLong.of(7));
    assertThat(d.restore()).isTrue();
    assertThat(d.objective()).isEqualTo(Duration.ofSeconds(270));
    assertThat(d.health().url().toString()).isEqualTo("http://checkout-api.shop-staging.svc:8080/healthz");
    assertThat(d.health().expectStatus()).isEqualTo(204);
    assertThat(d.timeouts()).isEqualTo(new Timeouts(Duration.ofMinutes(8), Duration.ofSeconds(90)));
    assertThat(d.evidenceLog()).isEqualTo(Path.of("/srv/drills-repo/drills/checkout-rollback-drill.md"));
  }

  @Test
  void appliesDefaultsForOptionalKeys() throws Exception {
    DrillConfig d = parse(FULL).drill("search-staging-rollback").orElseThrow();
    assertThat(d.target().context()).isNull();
    assertThat(d.method()).isEqualTo(RollbackMethod.KUBERNETES);
    assertThat(d.toRevision()).isEmpty();
    assertThat(d.restore()).isTrue();
    assertThat(d.objective()).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.health()).isNull();
    assertThat(d.timeouts()).isEqualTo(Timeouts.DEFAULTS);
    assertThat(d.evidenceLog()).isEqualTo(Path.of("/srv/drills-repo/drills/search-staging-rollback.md"));
  }

  @Test
  void toRevisionPreviousMeansKubectlsDefault() throws Exception {
    DrillConfig d = parse(FULL.replace("toRevision: 7", "toRevision: previous"))
        .drill("checkout-staging-rollback").orElseThrow();
    assertThat(d.toRevision()).isEmpty();
  }

  @Test
  void unknownKeyNamesFileLineAndKey() {
    ConfigException e = refused(FULL.replace("    restore: true", "    restor: true"));
    assertThat(e.line()).isEqualTo(11);
    assertThat(e.field()).isEqualTo("drills[0].restor");
    assertThat(e.getMessage()).startsWith("drillbook.yaml:11: drills[0].restor: unknown key 'restor'")
        .doesNotContain("\n");
  }

  @Test
  void unknownNestedKeyIsRefusedWithItsPath() {
    ConfigException e = refused(FULL.replace("      namespace: shop-staging", "      namespcae: shop-staging"));
    assertThat(e.field()).isEqualTo("drills[0].target.namespcae");
    assertThat(e.line()).isEqualTo(6);
  }

  @Test
  void missingRequiredKeyNamesTheFieldAndTheParentLine() {
    ConfigException e = refused("""
        drills:
          - name: a
            environment: staging
            target:
              namespace: ns
        """);
    assertThat(e.field()).isEqualTo("drills[0].target.deployment");
    assertThat(e.problem()).isEqualTo("missing required key 'deployment'");
    assertThat(e.line()).isEqualTo(5);
  }

  @Test
  void wrongTypeIsRefused() {
    ConfigException e = refused(FULL.replace("expectStatus: 204", "expectStatus: ok"));
    assertThat(e.field()).isEqualTo("drills[0].health.expectStatus");
    assertThat(e.problem()).contains("whole number").contains("'ok'");
    assertThat(e.line()).isEqualTo(15);
  }

  @Test
  void restoreMustBeBoolean() {
    ConfigException e = refused(FULL.replace("restore: true", "restore: sometimes"));
    assertThat(e.field()).isEqualTo("drills[0].restore");
    assertThat(e.problem()).contains("true or false");
  }

  @Test
  void badDurationIsRefusedWithTheAcceptedForm() {
    ConfigException e = refused(FULL.replace("objective: 4m30s", "objective: five minutes"));
    assertThat(e.field()).isEqualTo("drills[0].objective");
    assertThat(e.problem()).contains("'five minutes' is not a duration").contains("90s, 5m, 1h30m");
    assertThat(e.line()).isEqualTo(12);
  }

  @Test
  void zeroDurationIsRefused() {
    assertThat(refused(FULL.replace("objective: 4m30s", "objective: 0s")).problem()).contains("longer than 0s");
  }

  @Test
  void badRevisionIsRefused() {
    assertThat(refused(FULL.replace("toRevision: 7", "toRevision: latest")).problem())
        .contains("'previous' or a revision number");
    assertThat(refused(FULL.replace("toRevision: 7", "toRevision: 0")).problem()).contains("start at 1");
  }

  @Test
  void unknownMethodListsTheKnownOnes() {
    ConfigException e = refused(FULL.replace("method: kubernetes", "method: argo"));
    assertThat(e.problem()).contains("unknown method 'argo'").contains("kubernetes");
  }

  @Test
  void invalidNamesAreRefused() {
    assertThat(refused(FULL.replace("name: checkout-staging-rollback", "name: Checkout_Rollback")).field())
        .isEqualTo("drills[0].name");
    assertThat(refused(FULL.replace("namespace: shop-staging", "namespace: Shop Staging")).field())
        .isEqualTo("drills[0].target.namespace");
  }

  @Test
  void relativeHealthUrlIsRefused() {
    assertThat(refused(FULL.replace("http://checkout-api.shop-staging.svc:8080/healthz", "/healthz")).problem())
        .contains("absolute http");
  }

  @Test
  void duplicateDrillNamesAreRefused() {
    ConfigException e = refused(FULL.replace("name: search-staging-rollback", "name: checkout-staging-rollback"));
    assertThat(e.problem()).contains("declared twice");
  }

  @Test
  void duplicateKeyIsRefused() {
    ConfigException e = refused("""
        drills:
          - name: a
            name: b
            environment: staging
            target: {namespace: n, deployment: d}
        """);
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.problem()).contains("duplicate key 'name'");
  }

  @Test
  void malformedYamlNamesTheLine() {
    ConfigException e = refused("drills:\n  - name: a\n    target: [unclosed\n");
    assertThat(e.line()).isPositive();
    assertThat(e.getMessage()).startsWith("drillbook.yaml:").contains("not valid YAML").doesNotContain("\n");
  }

  @Test
  void emptyFileAndEmptyDrillListAreRefused() {
    assertThat(refused("").problem()).contains("empty");
    assertThat(refused("drills: []\n").problem()).contains("declares no drill");
    assertThat(refused("other: 1\n").problem()).contains("unknown key 'other'");
  }

  @Test
  void missingFileSaysHowToFixIt(@TempDir Path dir) {
    assertThatThrownBy(() -> loader.load(dir.resolve("nope.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.yaml: no such file");
  }

  @Test
  void nonUtf8FileIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("drillbook.yaml");
    Files.write(file, new byte[] {'d', 'r', 'i', 'l', 'l', 's', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
    assertThatThrownBy(() -> loader.load(file)).hasMessageContaining("drillbook.yaml:1: not UTF-8 text");
  }

  @Test
  void kubeconfigPerTargetResolvesAgainstTheConfigFolder() throws Exception {
    DrillConfig d = parse(FULL.replace("      context: staging-eu", "      context: staging-eu\n      kubeconfig: secrets/staging.kubeconfig"))
        .drills().get(0);
    assertThat(d.target().kubeconfig()).isEqualTo(Path.of("/srv/drills-repo/secrets/staging.kubeconfig"));
  }

  @Test
  void relativeEvidenceLogResolvesAgainstTheConfigFolder(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("drillbook.yaml");
    Files.writeString(file, FULL, StandardCharsets.UTF_8);
    DrillConfig d = loader.load(file).drills().get(0);
    assertThat(d.evidenceLog()).isEqualTo(dir.resolve("drills/checkout-rollback-drill.md"));
  }

  @Test
  void shippedExampleConfigIsValid() throws Exception {
    DrillbookConfig example = loader.load(Path.of("drillbook.yaml"));
    assertThat(example.drillNames()).containsExactly("orchestrator-staging-rollback", "orchestrator-helm-rollback",
        "orchestrator-restart-then-rollback");
    assertThat(example.drills().get(0).target().context()).isEqualTo("staging");
    DrillConfig helm = example.drill("orchestrator-helm-rollback").orElseThrow();
    assertThat(helm.method()).isEqualTo(RollbackMethod.HELM);
    assertThat(helm.helm().release()).isEqualTo("maestro");
    assertThat(helm.helm().namespace()).isEqualTo("intelgraph-staging");
    DrillConfig restart = example.drill("orchestrator-restart-then-rollback").orElseThrow();
    assertThat(restart.fallback().method()).isEqualTo(RollbackMethod.HELM);
    assertThat(restart.fallback().after()).isEqualTo(Duration.ofMinutes(3));
  }
}
