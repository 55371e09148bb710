package io.drillbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WatchHubTest {

  private final AtomicLong versions = new AtomicLong(100);
  private final WatchHub hub = new WatchHub(versions::incrementAndGet);

  private static String pod(String name, long resourceVersion) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name
        + "\",\"namespace\":\"ns\",\"resourceVersion\":\"" + resourceVersion + "\"}}";
  }

  @Test
  void watchFromAResourceVersion_getsOnlyTheChangesAfterIt_thenLiveOnes() {
    hub.changed(null, pod("a", 1));
    hub.changed(pod("a", 1), pod("a", 2));
    hub.changed(null, pod("b", 3));
    List<WatchHub.Change> live = new ArrayList<>();

    WatchHub.Start start = hub.watch("2", false, live::add);
    hub.changed(pod("b", 3), null);

    assertThat(start.gone()).isFalse();
    assertThat(start.replay()).extracting(WatchHub.Change::type, WatchHub.Change::resourceVersion)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ADDED", 3L));
    assertThat(live).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo("DELETED");
      assertThat(c.resourceVersion()).isEqualTo(101L);
      assertThat(c.object().path("metadata").path("resourceVersion").asText()).isEqualTo("101");
    });
  }

  @Test
  void watchWithoutResourceVersion_startsWithEveryObjectAsAdded() {
    hub.changed(null, pod("a", 1));
    hub.changed(pod("a", 1), pod("a", 2));
    hub.changed(null, pod("b", 3));

    assertThat(hub.watch(null, false, c -> { }).replay())
        .extracting(WatchHub.Change::type, c -> c.object().path("metadata").path("name").asText())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ADDED", "a"),
            org.assertj.core.groups.Tuple.tuple("ADDED", "b"));
  }

  @Test
  void watchFromAResourceVersionOlderThanTheHistory_isGone() {
    for (int i = 1; i <= WatchHub.HISTORY + 10; i++) {
      hub.changed(i == 1 ? null : pod("a", i - 1), pod("a", i));
    }

    assertThat(hub.watch("3", false, c -> { }).gone()).isTrue();
    assertThat(hub.watch(Long.toString(WatchHub.HISTORY + 5), false, c -> { }).replay()).hasSize(5);
  }
}
