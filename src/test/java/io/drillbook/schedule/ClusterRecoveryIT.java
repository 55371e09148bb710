package io.drillbook.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drillbook.time.Timing;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterRecoveryIT {
  private PgSchema schema;
  private Process doomed;

  @BeforeEach
  void freshSchema() {
    schema = PgSchema.create();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (doomed != null && doomed.isAlive()) {
      doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    schema.close();
  }

  @Test
  void aRunCutShortByADeadInstanceIsRerunAsRecoveringByTheSurvivor() throws Exception {
    Path log = Files.createDirectories(Path.of("target")).resolve("schedule-doomed-instance.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    doomed = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        DoomedSchedulerMain.class.getName(), schema.url(), PgSchema.USER)
        .redirectError(log.toFile())
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(doomed.getInputStream(), StandardCharsets.UTF_8));
    String running = CompletableFuture.supplyAsync(() -> firstLineStartingWith(out, "RUNNING "))
        .get(30, TimeUnit.SECONDS);
    assertThat(running).as("child output; its log is in %s", log).isNotNull().endsWith(" false");
    Instant cutShort = Instant.ofEpochMilli(Long.parseLong(running.split(" ")[2]));

    doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

    RecordingRunner runner = RecordingRunner.instant();
    try (DrillScheduler survivor = DrillScheduler.create(schema.options("survivor"), runner, new RecordingMissed(), Timing.system())) {
      survivor.start();

      // Quartz declares an instance dead after its check-in interval plus 7.5 s of silence.
      await().atMost(Duration.ofSeconds(30)).until(() -> runner.calls.stream().anyMatch(RecordingRunner.Call::recovering));
      List<RecordingRunner.Call> recovered =
          runner.calls.stream().filter(RecordingRunner.Call::recovering).toList();
      assertThat(recovered).singleElement().satisfies(call -> {
        assertThat(call.drill()).isEqualTo(DoomedSchedulerMain.DRILL);
        assertThat(call.scheduledFireTime()).isEqualTo(cutShort);
      });
      assertThat(survivor.clusterMembers()).extracting(ClusterMember::instanceId).containsExactly("survivor");
    }
  }

  private static String firstLineStartingWith(BufferedReader reader, String prefix) {
    try {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      return null;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
