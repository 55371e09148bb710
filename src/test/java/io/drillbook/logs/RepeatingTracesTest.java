package io.drillbook.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepeatingTracesTest {

  private static List<String> javaTrace(String message) {
    return List.of(
        "2026-11-29 03:10:00.123 ERROR 1 --- [worker-3] i.m.o.QueueWorker : task failed",
        "java.lang.IllegalStateException: " + message,
        "\tat io.maestro.orchestrator.queue.OrchestrationQueue.poll(OrchestrationQueue.java:142)",
        "\tat io.maestro.orchestrator.queue.QueueWorker.runOnce(QueueWorker.java:88)",
        "\tat io.maestro.orchestrator.queue.QueueWorker.run(QueueWorker.java:61)",
        "\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)",
        "\tat java.base/java.lang.Thread.run(Thread.java:840)",
        "Caused by: java.io.IOException: connection reset",
        "\tat io.maestro.orchestrator.queue.Channel.read(Channel.java:20)",
        "\t... 5 more",
        "2026-11-29 03:10:00.200  INFO 1 --- [exec-1] i.m.o.RequestLog : request handled");
  }

  private static List<String> repeat(int times, List<String> block) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      out.addAll(block);
    }
    return out;
  }

  @Test
  void javaTraceRepeatedIsFoundWithItsFirstLines() {
    List<RepeatedTrace> found = RepeatingTraces.find(repeat(3, javaTrace("orchestration queue closed")), 3);

    assertThat(found).singleElement().satisfies(t -> {
      assertThat(t.signature()).isEqualTo("java.lang.IllegalStateException: orchestration queue closed");
      assertThat(t.count()).isEqualTo(3);
      assertThat(t.firstLines()).containsExactly(
          "java.lang.IllegalStateException: orchestration queue closed",
          "\tat io.maestro.orchestrator.queue.OrchestrationQueue.poll(OrchestrationQueue.java:142)",
          "\tat io.maestro.orchestrator.queue.QueueWorker.runOnce(QueueWorker.java:88)",
          "\tat io.maestro.orchestrator.queue.QueueWorker.run(QueueWorker.java:61)",
          "\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)");
      assertThat(t.firstTimestamp()).isNull();
      assertThat(t.pods()).isEmpty();
    });
  }

  @Test
  void javaTraceWithSpaceIndentedFramesAndExceptionInThread() {
    List<String> block = List.of(
        "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space",
        "    at java.base/java.util.Arrays.copyOf(Arrays.java:3537)",
        "    at com.example.Cache.grow(Cache.java:12)");

    assertThat(RepeatingTraces.find(repeat(2, block), 2)).singleElement()
        .satisfies(t -> assertThat(t.signature()).isEqualTo("java.lang.OutOfMemoryError: Java heap space"));
  }

  @Test
  void tracesDifferingOnlyInIdsNumbersAndHexCountAsOne() {
    List<String> lines = new ArrayList<>();
    lines.addAll(javaTrace("run 4711 failed for job 3f2a9c1e-7d4b-4e1a-9b2c-0d1e2f3a4b5c at 0x7ffd1234"));
    lines.addAll(javaTrace("run 4712 failed for job 8b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e at 0x7ffd9999"));
    lines.addAll(javaTrace("run 5 failed for job 00000000-0000-4000-8000-000000000000 at 0xdeadbeef"));

    assertThat(RepeatingTraces.find(lines, 3)).singleElement().satisfies(t -> {
      assertThat(t.signature())
          .isEqualTo("java.lang.IllegalStateException: run <n> failed for job <uuid> at <hex>");
      assertThat(t.count()).isEqualTo(3);
      assertThat(t.firstLines().get(0)).contains("run 4711");
    });
  }

  @Test
  void objectIdsAndHashesAreNormalised() {
    List<String> lines = new ArrayList<>();
    lines.addAll(javaTrace("session io.x.Session@1b6d3586 expired (trace a94f7d2e6c0b8a3f)"));
    lines.addAll(javaTrace("session io.x.Session@4554617c expired (trace 3f9c2a71d4b8e05c)"));

    assertThat(RepeatingTraces.find(lines, 2)).singleElement().satisfies(t -> assertThat(t.signature())
        .isEqualTo("java.lang.IllegalStateException: session io.x.Session@<hex> expired (trace <hex>)"));
  }

  @Test
  void thresholdIsInclusiveAndDifferentMessagesAreDifferentTraces() {
    List<String> lines = new ArrayList<>();
    lines.addAll(repeat(3, javaTrace("orchestration queue closed")));
    lines.addAll(repeat(2, javaTrace("scheduler stopped")));

    assertThat(RepeatingTraces.find(lines, 4)).isEmpty();
    assertThat(RepeatingTraces.find(lines, 3)).extracting(RepeatedTrace::count).containsExactly(3);
    assertThat(RepeatingTraces.find(lines, 2)).extracting(RepeatedTrace::signature).containsExactly(
        "java.lang.IllegalStateException: orchestration queue closed",
        "java.lang.IllegalStateException: scheduler stopped");
    assertThat(RepeatingTraces.find(lines.subList(0, 11), 1)).hasSize(1);
    assertThatThrownBy(() -> RepeatingTraces.find(lines, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void errorLinesWithoutFramesAreNotTraces() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      lines.add("2026-11-29 03:10:0" + i + " ERROR 1 --- [exec-1] c.e.Api : request failed: upstream timeout");
      lines.add("java.lang.IllegalStateException: orchestration queue closed");
      lines.add("ERROR: connection refused");
      lines.add("panic: not really, no goroutine follows");
      lines.add("Traceback (most recent call last):");
      lines.add("ValueError: a traceback without frames");
    }

    assertThat(RepeatingTraces.find(lines, 1)).isEmpty();
  }

  @Test
  void pythonTracebacksAreRecognisedByTheirFinalLine() {
    List<String> block = List.of(
        "INFO:worker:picked job 42",
        "Traceback (most recent call last):",
        "  File \"/app/worker.py\", line 88, in run",
        "    self.handle(job)",
        "  File \"/app/worker.py\", line 120, in handle",
        "    result = self.client.fetch(job.id)",
        "  File \"/usr/lib/python3.12/site-packages/client.py\", line 31, in fetch",
        "    return self._get(f\"/jobs/{job_id}\")",
        "  File \"/usr/lib/python3.12/site-packages/client.py\", line 57, in _get",
        "    raise ConnectionError(f\"cannot reach {url}\")",
        "  File \"/usr/lib/python3.12/site-packages/client.py\", line 60, in _raise",
        "    raise",
        "ConnectionError: cannot reach http://queue:5672/jobs/42",
        "INFO:worker:retrying");
    List<String> lines = new ArrayList<>(block);
    lines.addAll(block.stream().map(l -> l.replace("42", "43")).toList());

    assertThat(RepeatingTraces.find(lines, 2)).singleElement().satisfies(t -> {
      assertThat(t.signature()).isEqualTo("ConnectionError: cannot reach http://queue:<n>/jobs/<n>");
      assertThat(t.count()).isEqualTo(2);
      assertThat(t.firstLines()).hasSize(5).first()
          .isEqualTo("ConnectionError: cannot reach http://queue:5672/jobs/42");
      assertThat(t.firstLines().subList(1, 5)).allSatisfy(l -> assertThat(l).startsWith("  File \""));
    });
  }

  @Test
  void chainedPythonTracebackCountsOnceByItsLastException() {
    List<String> block = List.of(
        "Traceback (most recent call last):",
        "  File \"/app/db.py\", line 10, in get",
        "    return rows[0]",
        "IndexError: list index out of range",
        "",
        "During handling of the above exception, another exception occurred:",
        "",
        "Traceback (most recent call last):",
        "  File \"/app/api.py\", line 5, in view",
        "    item = db.get(7)",
        "KeyError: 'item-7'");

    List<RepeatedTrace> found = RepeatingTraces.find(repeat(2, block), 1);

    assertThat(found).singleElement().satisfies(t -> {
      assertThat(t.signature()).isEqualTo("KeyError: 'item-<n>'");
      assertThat(t.count()).isEqualTo(2);
    });
  }

  @Test
  void goPanicsAreRecognisedWithTheirGoroutine() {
    List<String> block = List.of(
        "2026/11/29 03:10:00 handling request id=17",
        "panic: runtime error: invalid memory address or nil pointer dereference",
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a5b6c]",
        "",
        "goroutine 1 [running]:",
        "main.(*Server).handle(0x0, 0xc000012345)",
        "\t/app/server.go:42 +0x1d",
        "main.main()",
        "\t/app/main.go:12 +0x85",
        "exit status 2");

    assertThat(RepeatingTraces.find(repeat(3, block), 3)).singleElement().satisfies(t -> {
      assertThat(t.signature()).isEqualTo("panic: runtime error: invalid memory address or nil pointer dereference");
      assertThat(t.firstLines()).containsExactly(
          "panic: runtime error: invalid memory address or nil pointer dereference",
          "main.(*Server).handle(0x0, 0xc000012345)", "\t/app/server.go:42 +0x1d", "main.main()",
          "\t/app/main.go:12 +0x85");
    });
  }

  @Test
  void timestampPrefixesAreIgnoredForMatchingAndGiveTheFirstTimestamp() {
    List<String> lines = new ArrayList<>();
    String[] stamps = {"2026-11-29T03:10:00.123456789Z", "2026-11-29T03:10:05Z", "2026-11-29T03:10:10.5+00:00"};
    for (String stamp : stamps) {
      for (String line : javaTrace("orchestration queue closed")) {
        lines.add(stamp + " " + line);
      }
    }

    assertThat(RepeatingTraces.find(lines, 3)).singleElement().satisfies(t -> {
      assertThat(t.firstTimestamp()).isEqualTo(Instant.parse("2026-11-29T03:10:00.123456789Z"));
      assertThat(t.firstLines().get(0)).isEqualTo("java.lang.IllegalStateException: orchestration queue closed");
      assertThat(t.firstLines().get(1)).startsWith("\tat ");
    });
  }

  @Test
  void interleavedKubectlPrefixedLogsOfSeveralPodsAreParsedPerPod() {
    List<String> a = javaTrace("orchestration queue closed");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      lines.add("[pod/api-7d9f-abcde/app] 2026-11-29T03:10:01Z " + a.get(i));
      lines.add("[pod/api-7d9f-fghij/app] 2026-11-29T03:10:00Z " + a.get(i));
    }

    assertThat(RepeatingTraces.find(lines, 2)).singleElement().satisfies(t -> {
      assertThat(t.pods()).containsExactlyInAnyOrder("api-7d9f-abcde", "api-7d9f-fghij");
      assertThat(t.firstTimestamp()).isEqualTo(Instant.parse("2026-11-29T03:10:00Z"));
    });
  }

  @Test
  void logsKeyedByPodAndContainerCountAcrossPods() {
    Map<String, List<String>> logs = new LinkedHashMap<>();
    logs.put("api-7d9f-abcde/app", repeat(2, javaTrace("orchestration queue closed")));
    logs.put("api-7d9f-fghij/app", javaTrace("orchestration queue closed"));
    logs.put("api-7d9f-fghij/sidecar", List.of("all good"));

    assertThat(RepeatingTraces.find(logs, 3)).singleElement().satisfies(t -> {
      assertThat(t.count()).isEqualTo(3);
      assertThat(t.pods()).containsExactlyInAnyOrder("api-7d9f-abcde", "api-7d9f-fghij");
    });
    assertThat(RepeatingTraces.find(logs, 4)).isEmpty();
  }
}
