package io.drillbook.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drillbook.drill.DrillRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownEvidenceLogTest {

  @TempDir Path dir;

  @Test
  void createsFileWithTitleWhenAbsent() throws IOException {
    Path file = dir.resolve("evidence/maestro/drills.md");

    String location = new MarkdownEvidenceLog(file).append(Fixtures.passing());

    assertThat(location).isEqualTo(file.toString());
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).isEqualTo("# Rollback drill log: maestro-staging-rollback");
    assertThat(lines.get(1)).isEqualTo("<!-- drillbook:log v1 -->");
    assertThat(lines.get(2)).isEmpty();
    assertThat(lines.get(3)).startsWith("Append-only evidence");
    assertThat(lines.get(4)).isEmpty();
    assertThat(lines.get(5)).isEqualTo("## 2026-11-29T02:50:01.123Z · maestro-staging-rollback · PASS");
    assertThat(lines.get(6)).isEqualTo("<!-- drillbook:entry v1 -->");
    assertThat(lines.get(lines.size() - 1)).matches("<!-- drillbook:chain v1 prev=[0-9a-f]{64} hash=[0-9a-f]{64} -->");
  }

  @Test
  void writesTheDocumentedEntryFormat() throws IOException {
    Path file = dir.resolve("drills.md");
    new MarkdownEvidenceLog(file).append(Fixtures.passing());

    String text = Files.readString(file);
    String entry = text.substring(text.indexOf("## "), text.indexOf("<!-- drillbook:chain"));
    assertThat(entry).isEqualTo("""
        ## 2026-11-29T02:50:01.123Z · maestro-staging-rollback · PASS
        <!-- drillbook:entry v1 -->

        | Field | Value |
        | --- | --- |
        | Drill id | maestro-staging-rollback-20261129T025001123Z-3f9a |
        | Drill | maestro-staging-rollback |
        | Verdict | PASS |
        | Reason | Rolled back to revision 2 and healthy in 12.345 s, within the 300 s objective. |
        | Method | kubernetes |
        | Environment | staging |
        | Namespace | intelgraph-staging |
        | Deployment | maestro-orchestrator |
        | Started | 2026-11-29T02:50:01.123Z |
        | Recovery | 12.345 s |
        | Objective | 300.000 s |
        | From revision | 3 |
        | From image | registry.example.com/maestro/orchestrator:1.4.2 |
        | To revision | 2 |
        | To image | registry.example.com/maestro/orchestrator:1.4.1 |
        | Restored | yes |
        | Restore | Re-applied the revision 3 template; 3/3 replicas ready on orchestrator:1.4.2. |

        **Phases**

        | Phase | Started | Seconds | OK | Detail |
        | --- | --- | --- | --- | --- |
        | preflight | 2026-11-29T02:50:01.123Z | 0.042 | yes | Deployment maestro-orchestrator has 3/3 ready replicas and revision history back to 1. |
        | rollback | 2026-11-29T02:50:01.165Z | 0.310 | yes | Patched pod template to revision 2 (orchestrator:1.4.1). |
        | rollout | 2026-11-29T02:50:01.475Z | 9.870 | yes | 3/3 updated replicas available. |
        | health | 2026-11-29T02:50:11.345Z | 2.165 | yes | GET /healthz answered 200 three times in a row. |
        | restore | 2026-11-29T02:50:13.510Z | 11.003 | yes | Restored revision 3 template; rollout complete. |

        **Checks**

        | Check | OK | Detail |
        | --- | --- | --- |
        | rollout-complete | yes | expected 3 updated available replicas, saw 3 |
        | health | yes | expected HTTP 200 from /healthz, got 200 |
        | recovery-within-objective | yes | 12.345 s \\<= 300.000 s |
        | restored | yes | template hash matches the pre-drill template |

        """);
  }

  @Test
  void showsMillisecondsEvenWhenTheyAreZero() throws IOException {
    Path file = dir.resolve("drills.md");
    new MarkdownEvidenceLog(file).append(Fixtures.passing(Instant.parse("2026-11-29T03:00:00Z")));

    assertThat(Files.readString(file)).contains("## 2026-11-29T03:00:00.000Z · ").contains("| Started | 2026-11-29T03:00:00.000Z |");
  }

  @Test
  void appendsEntryWithoutRewritingEarlierOnes() throws IOException {
    Path file = dir.resolve("drills.md");
    MarkdownEvidenceLog log = new MarkdownEvidenceLog(file);
    log.append(Fixtures.passing());
    byte[] before = Files.readAllBytes(file);

    log.append(Fixtures.inconclusiveWithUnknowns(Fixtures.STARTED.plusSeconds(3600)));

    byte[] after = Files.readAllBytes(file);
    assertThat(after.length).isGreaterThan(before.length);
    assertThat(java.util.Arrays.copyOf(after, before.length)).isEqualTo(before);
    String added = new String(after, before.length, after.length - before.length, StandardCharsets.UTF_8);
    assertThat(added).startsWith("\n## 2026-11-29T03:50:01.123Z · maestro-staging-rollback · INCONCLUSIVE\n");
    assertThat(EvidenceLogReader.readAll(file)).hasSize(2).allMatch(EvidenceEntry::intact);
  }

  @Test
  void appendsToFileThatLacksTrailingNewline() throws IOException {
    Path file = dir.resolve("drills.md");
    String handWritten = "# Maestro drills\n\nKept by hand until 2026.";
    Files.writeString(file, handWritten);

    new MarkdownEvidenceLog(file).append(Fixtures.passing());

    String text = Files.readString(file);
    assertThat(text).startsWith(handWritten + "\n\n## 2026-11-29T02:50:01.123Z");
    List<EvidenceEntry> entries = EvidenceLogReader.readAll(file);
    assertThat(entries).singleElement().satisfies(e -> {
      assertThat(e.intact()).isTrue();
      assertThat(e.prev()).isEqualTo(EntryChain.preambleHash(handWritten));
      assertThat(e.line()).isEqualTo(5);
    });
  }

  @Test
  void firstEntryLinksToHeaderHash() throws IOException {
    Path file = dir.resolve("drills.md");
    new MarkdownEvidenceLog(file).append(Fixtures.passing());

    String text = Files.readString(file);
    String header = text.substring(0, text.indexOf("## "));
    EvidenceEntry first = EvidenceLogReader.readAll(file).get(0);
    assertThat(first.prev()).isEqualTo(EntryChain.preambleHash(header));
    assertThat(first.expectedPrev()).isEqualTo(first.prev());
    assertThat(header).isEqualTo(EntryFormat.header(Fixtures.DRILL) + "\n");
  }

  @Test
  void laterEntriesLinkToThePreviousEntrysHash() throws IOException {
    Path file = dir.resolve("drills.md");
    MarkdownEvidenceLog log = new MarkdownEvidenceLog(file);
    for (int i = 0; i < 3; i++) {
      log.append(Fixtures.passing(Fixtures.STARTED.plusSeconds(i * 86_400L)));
    }

    List<EvidenceEntry> entries = EvidenceLogReader.readAll(file);
    assertThat(entries).hasSize(3).allMatch(EvidenceEntry::intact);
    assertThat(entries.get(1).prev()).isEqualTo(entries.get(0).hash());
    assertThat(entries.get(2).prev()).isEqualTo(entries.get(1).hash());
    assertThat(EvidenceLogReader.lastChainHash(file)).isEqualTo(entries.get(2).hash());
  }

  @Test
  void concurrentAppendsFromTwoThreadsBothLandIntactAndChained() throws Exception {
    Path file = dir.resolve("drills.md");
    int perThread = 25;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int thread = t;
        // Separate instances, as two drills sharing a log would have.
        MarkdownEvidenceLog log = new MarkdownEvidenceLog(file);
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            log.append(Fixtures.passing(Fixtures.STARTED.plusSeconds(thread * 1000L + i)));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<EvidenceEntry> entries = EvidenceLogReader.readAll(file);
    assertThat(entries).hasSize(2 * perThread).allMatch(EvidenceEntry::intact);
    assertThat(entries.stream().map(e -> e.record().startedAt()).distinct()).hasSize(2 * perThread);
    assertThat(Files.readString(file)).startsWith("# Rollback drill log:").containsOnlyOnce("drillbook:log v1");
  }

  @Test
  void concurrentAppendsFromTwoProcessesBothLandIntactAndChained() throws Exception {
    Path file = dir.resolve("drills.md");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> processes = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
              AppendProcess.class.getName(), file.toString(), Integer.toString(p), "15")
          .redirectErrorStream(true)
          .start());
    }
    for (Process p : processes) {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(output).isZero();
    }

    List<EvidenceEntry> entries = EvidenceLogReader.readAll(file);
    assertThat(entries).hasSize(30).allMatch(EvidenceEntry::intact);
  }

  @Test
  void chainsPastALastEntryWithoutChainLineAndLeavesItForTheAudit() throws IOException {
    Path file = dir.resolve("drills.md");
    MarkdownEvidenceLog log = new MarkdownEvidenceLog(file);
    log.append(Fixtures.passing());
    String text = Files.readString(file);
    Files.writeString(file, text.substring(0, text.indexOf("<!-- drillbook:chain")));
    byte[] before = Files.readAllBytes(file);

    log.append(Fixtures.passing(Fixtures.STARTED.plusSeconds(60)));

    // What was there stays byte for byte; the audit names the entry without chain line.
    assertThat(Files.readAllBytes(file)).startsWith(before);
    ChainVerifier.Result result = ChainVerifier.verify(file);
    assertThat(result.entries()).isEqualTo(1);
    assertThat(result.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(ChainVerifier.Break.MALFORMED);
      assertThat(p.line()).isEqualTo(6);
    });
  }

  @Test
  void refusesToChainOntoAnEntryWithTextAfterItsChainLine() throws IOException {
    Path file = dir.resolve("drills.md");
    MarkdownEvidenceLog log = new MarkdownEvidenceLog(file);
    log.append(Fixtures.passing());
    Files.writeString(file, Files.readString(file) + "| Forged | row |\n");
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(() -> log.append(Fixtures.passing()))
        .isInstanceOf(EvidenceFormatException.class)
        .hasMessageContaining("chain line");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void failureToCreateTheLogNamesThePath() throws IOException {
    Path blocker = dir.resolve("not-a-dir");
    Files.writeString(blocker, "x");
    Path file = blocker.resolve("drills.md");

    assertThatThrownBy(() -> new MarkdownEvidenceLog(file).append(Fixtures.passing()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString());
  }

  /** Entry point for the two-process test: appends N records to a log. */
  static final class AppendProcess {
    public static void main(String[] args) throws IOException {
      Path file = Path.of(args[0]);
      int process = Integer.parseInt(args[1]);
      int count = Integer.parseInt(args[2]);
      MarkdownEvidenceLog log = new MarkdownEvidenceLog(file);
      for (int i = 0; i < count; i++) {
        DrillRecord r = Fixtures.passing(Fixtures.STARTED.plusSeconds(process * 1000L + i));
        log.append(r);
      }
    }
  }
}
