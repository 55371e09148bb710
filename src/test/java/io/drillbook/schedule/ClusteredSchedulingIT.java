package io.drillbook.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drillbook.time.Timing;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusteredSchedulingIT {
  private PgSchema schema;

  @BeforeEach
  void freshSchema() {
    schema = PgSchema.create();
  }

  @AfterEach
  void dropSchema() throws Exception {
    schema.close();
  }

  @Test
  void twoInstancesSharingOneSchemaRunEachScheduledFireExactlyOnce() throws Exception {
    ConcurrentMap<Instant, List<String>> runsByFireTime = new ConcurrentHashMap<>();
    DrillRunner a = recordingAs("node-a", runsByFireTime);
    DrillRunner b = recordingAs("node-b", runsByFireTime);

    // Started together: both create-if-missing the Quartz tables at the same moment.
    var startA = CompletableFuture.supplyAsync(
        () -> DrillScheduler.create(schema.options("node-a"), a, new RecordingMissed(), Timing.system()));
    var startB = CompletableFuture.supplyAsync(
        () -> DrillScheduler.create(schema.options("node-b"), b, new RecordingMissed(), Timing.system()));
    try (DrillScheduler nodeA = startA.join(); DrillScheduler nodeB = startB.join()) {
      ScheduleSpec spec = ScheduleSpec.of("every-second", "*/1 * * * * ?", ZoneId.of("UTC"));
      assertThat(nodeA.register(spec)).isTrue();
      assertThat(nodeB.register(spec)).as("the other replica registering the same spec").isFalse();
      nodeA.start();
      nodeB.start();

      await().atMost(Duration.ofSeconds(20)).until(() -> runsByFireTime.size() >= 7);
      nodeA.close(Duration.ofSeconds(5));
      nodeB.close(Duration.ofSeconds(5));

      Map<Instant, List<String>> runs = new TreeMap<>(runsByFireTime);
      assertThat(runs.values()).as("instances per scheduled fire time: %s", runs).allSatisfy(
          instances -> assertThat(instances).hasSize(1));
      List<Instant> times = List.copyOf(runs.keySet());
      Instant first = times.get(0);
      assertThat(times).as("consecutive seconds, no gaps")
          .isEqualTo(IntStream.range(0, times.size()).mapToObj(first::plusSeconds).toList());
    }
    assertThat(schema.count("SELECT count(*) FROM qrtz_job_details")).isEqualTo(1);
  }

  @Test
  void bothMembersAreListedWithTheirLastCheckin() {
    try (DrillScheduler nodeA = DrillScheduler.create(schema.options("node-a"), RecordingRunner.instant(),
            new RecordingMissed(), Timing.system());
        DrillScheduler nodeB = DrillScheduler.create(schema.options("node-b"), RecordingRunner.instant(),
            new RecordingMissed(), Timing.system())) {
      Instant before = Instant.now().minusSeconds(1);
      nodeA.start();
      nodeB.start();

      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(nodeA.clusterMembers())
          .extracting(ClusterMember::instanceId).containsExactly("node-a", "node-b"));
      assertThat(nodeB.clusterMembers()).allSatisfy(m -> {
        assertThat(m.lastCheckin()).isAfter(before);
        assertThat(m.checkinInterval()).isEqualTo(Duration.ofSeconds(1));
      });
      assertThat(nodeA.instanceId()).isEqualTo("node-a");
    }
  }

  @Test
  void schemaCreationIsIdempotentWhenInstancesStartTogether() throws Exception {
    List<Boolean> created = new CopyOnWriteArrayList<>();
    var racers = IntStream.range(0, 4).mapToObj(i -> CompletableFuture.runAsync(() -> {
      try {
        created.add(QuartzSchema.ensure(schema.url(), PgSchema.USER, null));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    })).toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(racers).join();

    assertThat(created).containsExactlyInAnyOrder(true, false, false, false);
    assertThat(schema.count("SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
        + schema.name + "' AND table_name LIKE 'qrtz_%'")).isEqualTo(11);
    assertThat(QuartzSchema.ensure(schema.url(), PgSchema.USER, null)).isFalse();
  }

  private static DrillRunner recordingAs(String instance, ConcurrentMap<Instant, List<String>> runs) {
    return (drill, scheduledFireTime, recovering) -> {
      runs.computeIfAbsent(scheduledFireTime, t -> new CopyOnWriteArrayList<>()).add(instance);
      return "PASS";
    };
  }
}
