package io.drillbook.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunbookVariantsTest {
  private static final String LEDGER = "ledger-reordered-columns.md";
  private final RunbookParser parser = new RunbookParser();

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = RunbookVariantsTest.class.getResourceAsStream("/runbook/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test fixture /runbook/" + name);
      }
      return in.readAllBytes();
    }
  }

  private Runbook parse(String name) throws Exception {
    return parser.parse(name, fixture(name));
  }

  @Test
  void findsColumnsByHeaderWordsWhenReorderedWithExtrasAndShortRows() throws Exception {
    Runbook r = parse(LEDGER);
    assertThat(r.thresholds())
        .extracting(Threshold::alert, Threshold::metric, Threshold::comparator, Threshold::value, Threshold::unit,
            Threshold::qualifier, Threshold::line)
        .containsExactly(
            tuple("LedgerApi5xx", "5xx ratio", ">", 5.0, "%", null, 10),
            tuple("LedgerSlowCommits", "p99 commit latency", ">", 500.0, "ms", null, 11),
            tuple("LedgerWriterMemory", "replica memory", ">=", 90.0, "%", "limit", 12),
            tuple("LedgerQueueLag", "queue lag", ">", 2.0, "s", null, 13));
  }

  @Test
  void recognisesPromQlByItsShapeNotItsColumn() throws Exception {
    Runbook r = parse(LEDGER);
    assertThat(r.thresholds()).extracting(Threshold::query).containsExactly(
        "sum(rate(ledger_http_requests_total{code=~\"5..\"}[5m])) / sum(rate(ledger_http_requests_total[5m]))",
        "histogram_quantile(0.99, sum by (le) (rate(ledger_commit_seconds_bucket[10m])))",
        null,
        null);
  }

  @Test
  void reportsARowWithoutANumberInsteadOfGuessing() throws Exception {
    assertThat(parse(LEDGER).problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(14);
      assertThat(p.message()).contains("LedgerWriterFlapping").contains("more than usual");
    });
  }

  @Test
  void givesEachWorkloadItsOwnNamespaceAndTheHelmReleaseTheFirst() throws Exception {
    assertThat(parse(LEDGER).workloads()).containsExactly(
        new Workload("StatefulSet", "payments-stg", "ledger-writer", 4),
        new Workload("Deployment", "payments-edge", "ledger-api", 4),
        new Workload("HelmRelease", "payments-stg", "ledger", 4));
  }

  @Test
  void readsRollbackCommandsWithOptionsInAnyOrder() throws Exception {
    Runbook r = parse(LEDGER);
    assertThat(r.rollbackPaths()).extracting(RollbackPathSpec::kind, RollbackPathSpec::line).containsExactly(
        tuple(RollbackKind.KUBERNETES, 20), tuple(RollbackKind.HELM, 21), tuple(RollbackKind.GITHUB_ACTIONS, 22));
    assertThat(r.rollbackPaths().get(0).parameters())
        .containsExactly(Map.entry("namespace", "payments-stg"), Map.entry("deployment", "ledger-api"));
    assertThat(r.rollbackPaths().get(1).parameters()).containsExactly(
        Map.entry("namespace", "payments-stg"), Map.entry("release", "ledger"), Map.entry("toRevision", "12"));
    assertThat(r.rollbackPaths().get(2).parameters()).containsExactly(
        Map.entry("workflow", "ledger-rollback.yml"), Map.entry("ref", "release/2.4"),
        Map.entry("input.target", "staging"), Map.entry("input.version", "v2.3.9"));
  }

  @Test
  void readsOtherVerificationWordings() throws Exception {
    Verification v = parse(LEDGER).verification();
    assertThat(v.healthUrl()).isEqualTo("https://ledger.staging.example.test/healthz");
    assertThat(v.expectStatus()).isEqualTo(204);
    assertThat(v.sustainSeconds()).isEqualTo(900);
    assertThat(v.logWindowSeconds()).isEqualTo(120);
    assertThat(lines(v)).containsExactly(28, 28, 29, 30);
    assertThat(parse(LEDGER).evidencePath()).isEqualTo("runbooks/evidence/ledger-drills.md");
  }

  private static java.util.List<Integer> lines(Verification v) {
    return java.util.List.of(v.healthLine(), v.expectStatusLine(), v.sustainLine(), v.logWindowLine());
  }

  @Test
  void readsCrlfWithAByteOrderMarkExactlyAsLf() throws Exception {
    byte[] lf = fixture(LEDGER);
    String crlf = "\uFEFF" + new String(lf, StandardCharsets.UTF_8).replace("\n", "\r\n");
    Runbook fromLf = parser.parse(LEDGER, lf);
    Runbook fromCrlf = parser.parse(LEDGER, crlf.getBytes(StandardCharsets.UTF_8));
    assertThat(fromCrlf.thresholds()).isEqualTo(fromLf.thresholds());
    assertThat(fromCrlf.workloads()).isEqualTo(fromLf.workloads());
    assertThat(fromCrlf.rollbackPaths()).isEqualTo(fromLf.rollbackPaths());
    assertThat(fromCrlf.verification()).isEqualTo(fromLf.verification());
    assertThat(fromCrlf.evidencePath()).isEqualTo(fromLf.evidencePath());
    assertThat(fromCrlf.problems()).isEqualTo(fromLf.problems());
    assertThat(fromCrlf.sha256()).isNotEqualTo(fromLf.sha256());
  }

  @Test
  void readsInvalidUtf8LenientlyAndSaysWhere() throws Exception {
    String text = new String(fixture(LEDGER), StandardCharsets.UTF_8);
    int at = text.indexOf("Team:");
    byte[] before = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
    byte[] after = text.substring(at).getBytes(StandardCharsets.UTF_8);
    byte[] latin1 = "Équipe ".getBytes(StandardCharsets.ISO_8859_1);
    byte[] mixed = new byte[before.length + latin1.length + after.length];
    System.arraycopy(before, 0, mixed, 0, before.length);
    System.arraycopy(latin1, 0, mixed, before.length, latin1.length);
    System.arraycopy(after, 0, mixed, before.length + latin1.length, after.length);

    Runbook r = parser.parse(LEDGER, mixed);

    assertThat(r.problems()).first().satisfies(p -> {
      assertThat(p.line()).isZero();
      assertThat(p.message()).contains("not valid UTF-8").contains("line 3");
    });
    assertThat(r.thresholds()).hasSize(4);
    assertThat(r.workloads()).hasSize(3);
  }

  @Test
  void refusesARunbookWithoutAnAlertTableNamingFileAndTable() {
    assertThatThrownBy(() -> parse("escalation-only.md"))
        .isInstanceOf(RunbookException.class)
        .hasMessageStartingWith("escalation-only.md:7: no alert table")
        .satisfies(e -> assertThat(((RunbookException) e).line()).isEqualTo(7));
  }

  @Test
  void refusesARunbookWithoutAnyTableNamingTheFile() {
    assertThatThrownBy(() -> parse("thresholds-in-prose-only.md"))
        .isInstanceOf(RunbookException.class)
        .hasMessageStartingWith("thresholds-in-prose-only.md: no alert table");
  }

  @Test
  void refusesAnAlertTableWithoutANumericThresholdPointingAtTheTable() {
    assertThatThrownBy(() -> parse("unreadable-alerts.md"))
        .isInstanceOf(RunbookException.class)
        .hasMessageStartingWith("unreadable-alerts.md:3: the alert table states no numeric threshold")
        .hasMessageContaining("line 5");
  }

  @Test
  void namesAMissingFile(@org.junit.jupiter.api.io.TempDir Path dir) {
    Path missing = dir.resolve("gone.md");
    assertThatThrownBy(() -> parser.parse(missing))
        .isInstanceOf(RunbookException.class)
        .hasMessage(missing + ": runbook not found");
  }

  @Test
  void refusesEmptyAndBinaryInputWithARunbookExceptionNotACrash() {
    byte[] binary = new byte[512];
    new java.util.Random(7).nextBytes(binary);
    for (byte[] content : List.of(new byte[0], binary, "| Alert | Threshold |\n|---|---|\n".getBytes(StandardCharsets.UTF_8))) {
      assertThatThrownBy(() -> parser.parse("odd.md", content)).isInstanceOf(RunbookException.class)
          .hasMessageStartingWith("odd.md");
    }
  }

  @Test
  void toleratesAnUnclosedFenceAndAHeaderOnlyTableAfterTheAlerts() throws Exception {
    String md = """
        | Symptom | Threshold |
        | --- | --- |
        | `QuotaBurn` | Budget burn over 20 % |

        | Alert | Threshold |
        | --- | --- |

        ```
        gh workflow run undo.yml \\
          -f env=staging
        """;
    Runbook r = parser.parse("odd.md", md.getBytes(StandardCharsets.UTF_8));
    assertThat(r.thresholds()).extracting(Threshold::metric).containsExactly("budget burn");
    assertThat(r.rollbackPaths()).singleElement()
        .satisfies(p -> assertThat(p.parameters()).containsEntry("input.env", "staging").doesNotContainKey("ref"));
  }
}
