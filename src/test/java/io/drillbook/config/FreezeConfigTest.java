package io.drillbook.config;

import static io.drillbook.config.ConfigText.parse;
import static io.drillbook.config.ConfigText.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.freeze.ActiveFreeze;
import io.drillbook.freeze.FixedFreeze;
import io.drillbook.freeze.RecurringFreeze;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FreezeConfigTest {
  private static final String DRILLS = """
      drills:
        - name: checkout
          environment: staging
          target: { namespace: shop-staging, deployment: checkout-api }
        - name: search
          environment: staging
          target: { namespace: search-staging, deployment: search-indexer }
          freezes: []
        - name: billing
          environment: staging
          target: { namespace: billing-staging, deployment: billing }
          freezes:
            - name: month-end
              every: 0 0 28 * *
              for: 96h
      """;




  @Test
  void topLevelFreezesApplyToDrillsWithoutTheirOwnAndADrillsListReplacesThem() throws Exception {
    DrillbookConfig c = parse(DRILLS + """
        freezes:
          - name: year-end
            timezone: Europe/Berlin
            from: 2026-12-21
            until: 2027-01-03
          - name: weekend
            timezone: America/New_York
            every: 0 18 * * FRI
            for: 64h
        """);
    assertThat(c.freezes().of("checkout")).extracting(w -> w.name()).containsExactly("year-end", "weekend");
    assertThat(c.freezes().of("search")).isEmpty();
    assertThat(c.freezes().of("billing")).extracting(w -> w.name()).containsExactly("month-end");
    FixedFreeze yearEnd = (FixedFreeze) c.freezes().of("checkout").get(0);
    assertThat(yearEnd.from()).isEqualTo(LocalDateTime.parse("2026-12-21T00:00"));
    assertThat(yearEnd.until()).as("until a date means through that whole day")
        .isEqualTo(LocalDateTime.parse("2027-01-04T00:00"));
    RecurringFreeze weekend = (RecurringFreeze) c.freezes().of("checkout").get(1);
    assertThat(weekend.zone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(weekend.length()).isEqualTo(Duration.ofHours(64));
    assertThat(c.freezes().of("billing").get(0).zone()).as("UTC, as for schedules").isEqualTo(ZoneOffset.UTC);
    ActiveFreeze active = c.freezes().activeAt("checkout", Instant.parse("2026-12-24T18:00:00Z")).orElseThrow();
    assertThat(active.describe())
        .isEqualTo("'year-end' (2026-12-21T00:00+01:00 to 2027-01-04T00:00+01:00, Europe/Berlin)");
  }

  @Test
  void localDateTimesAreTakenAsGiven() throws Exception {
    DrillbookConfig c = parse(DRILLS + """
        freezes:
          - name: launch
            from: 2026-12-24T18:00
            until: 2026-12-27T06:30
        """);
    assertThat(c.freezes().activeAt("checkout", Instant.parse("2026-12-27T06:29:00Z"))).isPresent();
    assertThat(c.freezes().activeAt("checkout", Instant.parse("2026-12-27T06:30:00Z"))).isEmpty();
  }

  @Test
  void mistakesNameFileLineAndField() {
    String head = DRILLS + "freezes:\n  - name: year-end\n";
    int line = DRILLS.split("\n").length + 3;
    ConfigException e = refused(head + "    from: 2026-12-21\n    until: 2026-12-32\n");
    assertThat(e.getMessage()).isEqualTo("drillbook.yaml:" + (line + 1) + ": freezes[0].until: '2026-12-32' is not "
        + "a date (2026-12-21) or a local date-time (2026-12-24T18:00) of the freeze's timezone");
    e = refused(head + "    from: 2026-12-21\n    until: 2026-12-20\n");
    assertThat(e.getMessage()).startsWith("drillbook.yaml:" + (line + 1) + ": freezes[0].until: 'until' "
        + "(2026-12-21T00:00) must be after 'from' (2026-12-21T00:00)");
    e = refused(head + "    every: 0 0 18 ? * FRI\n    for: 64h\n");
    assertThat(e.getMessage()).startsWith("drillbook.yaml:" + line + ": freezes[0].every: ")
        .contains("without Quartz's seconds");
    e = refused(head + "    every: 0 18 * * FRI\n    for: 2 days\n");
    assertThat(e.field()).isEqualTo("freezes[0].for");
    e = refused(head + "    every: 0 18 * * FRI\n");
    assertThat(e.problem()).isEqualTo("missing required key 'for'");
    e = refused(head + "    from: 2026-12-21\n    until: 2026-12-22\n    every: 0 18 * * FRI\n");
    assertThat(e.problem()).isEqualTo("a freeze is either fixed (from/until) or recurring (every/for), not both");
    e = refused(head + "    timezone: Europe/Berlim\n    from: 2026-12-21\n    until: 2026-12-22\n");
    assertThat(e.field()).isEqualTo("freezes[0].timezone");
    e = refused(head + "    form: 2026-12-21\n");
    assertThat(e.getMessage()).startsWith("drillbook.yaml:" + line + ": freezes[0].form: unknown key 'form'");
    e = refused(head + "    from: 2026-12-21\n    until: 2026-12-22\n  - name: year-end\n"
        + "    from: 2027-12-21\n    until: 2027-12-22\n");
    assertThat(e.problem()).isEqualTo("a freeze named 'year-end' is declared twice");
    e = refused(DRILLS.replace("freezes: []", "freezes:\n        - name: x"));
    assertThat(e.field()).isEqualTo("drills[1].freezes[0]");
  }

  @Test
  void theShippedExampleFreezesAreValidOnceUncommented() throws Exception {
    StringBuilder freezes = new StringBuilder();
    boolean in = false;
    for (String line : java.nio.file.Files.readAllLines(Path.of("drillbook.yaml"))) {
      in = line.equals("# freezes:") || (in && line.startsWith("#   "));
      if (in) {
        freezes.append(line.substring(2)).append('\n');
      }
    }
    DrillbookConfig c = parse(DRILLS + freezes);
    assertThat(c.freezes().of("checkout")).extracting(w -> w.name())
        .containsExactly("year-end", "release-night", "weekend");
    assertThat(c.freezes().activeAt("checkout", Instant.parse("2026-11-06T13:59:00Z"))).isPresent();
    assertThat(c.freezes().activeAt("checkout", Instant.parse("2026-11-06T14:00:00Z"))).isEmpty();
  }
}
