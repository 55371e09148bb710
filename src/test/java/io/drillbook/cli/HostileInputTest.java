package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.evidence.ChainVerifier;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input through the real CLI: broken, foreign, huge, mis-encoded and booby-trapped config, runbooks and
 * drill logs, and APIs answering HTML or cut-off JSON. Every case must end with the documented exit code, one
 * clean line naming the source, no raw control characters on the terminal, and every file left as it was (a drill
 * that legitimately records its INCONCLUSIVE entry only appends, and the log still verifies).
 */
class HostileInputTest {
  static Sandbox sandbox;
  static HostileServers servers;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(SandboxOptions.maestroDemo(Scenario.PASS).withRolloutDelay(Duration.ofMillis(100))
        .withRunStepDelay(Duration.ofMillis(50)));
    servers = new HostileServers();
  }

  @AfterAll
  static void stop() {
    if (servers != null) {
      servers.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  static Stream<Named<HostileCase>> cases() {
    return HostileCases.all().stream().map(c -> Named.of(c.name(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void endsWithTheDocumentedCodeAndOneCleanLineAndLeavesFilesAsTheyWere(HostileCase hostile) throws Exception {
    HostileCase.Ctx ctx = new HostileCase.Ctx(dir, servers, sandbox);
    HostileCase.Invocation invocation = hostile.setup().prepare(ctx);
    Map<String, String> before = snapshot(dir);
    Map<String, byte[]> appendBefore = new TreeMap<>();
    for (String log : invocation.appendsTo()) {
      Path p = dir.resolve(log);
      appendBefore.put(log, Files.exists(p) ? Files.readAllBytes(p) : new byte[0]);
    }

    CliRun run = CliRun.of(invocation.args());
    String all = run.out() + run.err();
    String shown = "exit " + run.exitCode() + "\n--- stdout\n" + abbreviate(run.out()) + "\n--- stderr\n"
        + abbreviate(run.err());

    assertThat(run.exitCode()).as(shown).isEqualTo(hostile.exitCode());
    assertThat(controlCharacters(all)).as("raw control characters in the output\n" + shown).isEmpty();
    assertThat(all).as("no stack trace\n" + shown).doesNotContain("\tat ", "Exception in thread", "Caused by:");
    switch (hostile.mode()) {
      case ERROR -> {
        String err = run.err().strip();
        assertThat(err).as(shown).startsWith("drillbook: ").doesNotContain("\n");
        assertThat(err.length()).as("the message stays short however long the input\n" + shown).isLessThan(1500);
        assertThat(err).as(shown).contains(invocation.mentions());
        assertThat(run.out()).as(shown).isEmpty();
      }
      case VERDICT -> {
        JsonNode json = run.json();
        String reason = json.get("reason").asText();
        assertThat(reason).as(shown).doesNotContain("\n").contains(invocation.mentions());
        assertThat(reason.length()).as(shown).isLessThan(1500);
      }
      case LISTING -> {
        assertThat(run.out()).as(shown).contains(invocation.mentions());
        assertThat(run.out().length()).as("output stays bounded\n" + shown).isLessThan(20_000);
      }
    }

    Map<String, String> after = snapshot(dir);
    // The folder a first entry creates is the only other change allowed.
    after.keySet().removeIf(k -> !before.containsKey(k) && invocation.appendsTo().stream()
        .anyMatch(log -> log.startsWith(k + "/")));
    for (String log : invocation.appendsTo()) {
      before.remove(log);
      after.remove(log);

      Path p = dir.resolve(log);
      assertThat(p).as("the INCONCLUSIVE entry was recorded").exists();
      byte[] now = Files.readAllBytes(p);
      byte[] earlier = appendBefore.get(log);
      assertThat(now.length).isGreaterThan(earlier.length);
      assertThat(java.util.Arrays.copyOf(now, earlier.length)).as("earlier bytes of " + log).isEqualTo(earlier);
      assertThat(ChainVerifier.verify(p).intact()).as(log + " verifies\n" + Files.readString(p)).isTrue();
      hostile.evidenceCheck().check(p);
    }
    assertThat(after).as("every file left as it was").isEqualTo(before);
  }

  /** Every file under {@code root} (relative path to SHA-256), directories as "dir". */
  static Map<String, String> snapshot(Path root) throws Exception {
    Map<String, String> hashes = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        String key = root.relativize(p).toString();
        if (Files.isDirectory(p)) {
          hashes.put(key, "dir");
        } else {
          hashes.put(key, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
              .digest(Files.readAllBytes(p))));
        }
      }
    }
    return hashes;
  }

  /** C0 controls other than newline and tab, DEL and C1 controls: what could move a cursor or recolour a screen. */
  static String controlCharacters(String s) {
    StringBuilder found = new StringBuilder();
    s.chars().forEach(c -> {
      boolean bad = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
      if (bad) {
        found.append(String.format("U+%04X ", c));
      }
    });
    return found.toString();
  }

  private static String abbreviate(String s) {
    return s.length() > 3000 ? s.substring(0, 3000) + "... (" + s.length() + " chars)" : s;
  }
}
