package io.drillbook.freeze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FreezeWindowTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  /** Friday 18:00 to Monday 10:00 on the Berlin clock. */
  private static final RecurringFreeze WEEKEND =
      new RecurringFreeze("weekend", BERLIN, WallClockCron.parse("0 18 * * FRI"), Duration.ofHours(64));

  private static Instant berlin(String local) {
    return ZonedDateTime.of(LocalDateTime.parse(local), BERLIN).toInstant();
  }

  @Test
  void weeklyWindowFollowsTheBerlinClockAcrossTheAutumnChange() {
    // Clocks go back on Sunday 2026-10-25 at 03:00: 65 hours pass between Friday 18:00 and Monday 10:00.
    ActiveFreeze f = WEEKEND.activeAt(berlin("2026-10-26T09:30")).orElseThrow();
    assertThat(f.from()).isEqualTo(ZonedDateTime.of(LocalDateTime.parse("2026-10-23T18:00"), BERLIN));
    assertThat(f.from().getOffset().getTotalSeconds()).isEqualTo(2 * 3600);
    assertThat(f.until().toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-10-26T10:00"));
    assertThat(f.until().getOffset().getTotalSeconds()).isEqualTo(3600);
    assertThat(Duration.between(f.from(), f.until())).isEqualTo(Duration.ofHours(65));
    assertThat(WEEKEND.activeAt(berlin("2026-10-26T10:00"))).isEmpty();
    assertThat(WEEKEND.activeAt(berlin("2026-10-23T17:59"))).isEmpty();
  }

  @Test
  void weeklyWindowFollowsTheBerlinClockAcrossTheSpringChange() {
    // Clocks go forward on Sunday 2026-03-29 at 02:00: only 63 hours pass.
    ActiveFreeze f = WEEKEND.activeAt(berlin("2026-03-30T09:59")).orElseThrow();
    assertThat(Duration.between(f.from(), f.until())).isEqualTo(Duration.ofHours(63));
    assertThat(f.until().toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-03-30T10:00"));
    assertThat(WEEKEND.activeAt(berlin("2026-03-30T10:00"))).isEmpty();
  }

  @Test
  void aWindowThatStartedBeforeNowStillCoversIt() {
    assertThat(WEEKEND.activeAt(berlin("2026-10-24T03:00"))).isPresent();
    assertThat(WEEKEND.activeAt(berlin("2026-10-21T12:00"))).isEmpty();
  }

  @Test
  void fixedDatesInNewYorkAreWholeDaysOnTheNewYorkClock() {
    // Daylight saving ends on 2026-11-01 in New York: the window starts at -04:00 and ends at -05:00.
    FixedFreeze election = new FixedFreeze("election", NEW_YORK, LocalDateTime.parse("2026-10-31T00:00"),
        LocalDateTime.parse("2026-11-04T00:00"));
    Instant lastMinute = ZonedDateTime.of(LocalDateTime.parse("2026-11-03T23:59"), NEW_YORK).toInstant();
    ActiveFreeze f = election.activeAt(lastMinute).orElseThrow();
    assertThat(f.describe()).isEqualTo("'election' (2026-10-31T00:00-04:00 to 2026-11-04T00:00-05:00, "
        + "America/New_York)");
    assertThat(election.activeAt(Instant.parse("2026-11-04T04:59:00Z"))).isPresent();
    assertThat(election.activeAt(Instant.parse("2026-11-04T05:00:00Z"))).isEmpty();
    assertThat(election.activeAt(Instant.parse("2026-10-31T03:59:00Z"))).isEmpty();
    assertThat(election.activeAt(Instant.parse("2026-10-31T04:00:00Z"))).isPresent();
  }

  @Test
  void aStartInTheSkippedHourBeginsWhenTheClockResumes() {
    RecurringFreeze nightly = new RecurringFreeze("backup", BERLIN, WallClockCron.parse("30 2 * * *"),
        Duration.ofHours(1));
    // 02:30 does not exist on 2026-03-29 in Berlin: the clock jumps from 02:00 to 03:00.
    ActiveFreeze f = nightly.activeAt(berlin("2026-03-29T03:10")).orElseThrow();
    assertThat(f.from().toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-03-29T03:00"));
    assertThat(f.until().toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-03-29T03:30"));
    assertThat(nightly.activeAt(berlin("2026-03-29T03:30"))).isEmpty();
  }

  @Test
  void overlappingFreezesNameTheOneThatEndsLast() {
    FixedFreeze yearEnd = new FixedFreeze("year-end", BERLIN, LocalDateTime.parse("2026-12-21T00:00"),
        LocalDateTime.parse("2027-01-04T00:00"));
    Freezes freezes = new Freezes(List.of(WEEKEND, yearEnd), Map.of("exempt", List.of()));
    assertThat(freezes.activeAt("any", berlin("2026-12-26T12:00")).orElseThrow().name()).isEqualTo("year-end");
    assertThat(freezes.activeAt("exempt", berlin("2026-12-26T12:00"))).isEmpty();
  }

  @Test
  void cronFieldsFollowCrontab() {
    WallClockCron both = WallClockCron.parse("0 9 1 * MON");
    // Both day fields restricted: the 1st of the month or any Monday.
    assertThat(both.timesBetween(java.time.LocalDate.parse("2026-06-01"), java.time.LocalDate.parse("2026-06-08")))
        .containsExactly(LocalDateTime.parse("2026-06-01T09:00"), LocalDateTime.parse("2026-06-08T09:00"));
    assertThat(WallClockCron.parse("*/20 22-23 * DEC 0").timesBetween(java.time.LocalDate.parse("2026-12-20"),
        java.time.LocalDate.parse("2026-12-20"))).hasSize(6);
    assertThat(WallClockCron.parse("0 18 * * 7").timesBetween(java.time.LocalDate.parse("2026-12-20"),
        java.time.LocalDate.parse("2026-12-26"))).containsExactly(LocalDateTime.parse("2026-12-20T18:00"));
  }

  @Test
  void quartzExpressionsAndBadFieldsAreRefusedByName() {
    assertThatThrownBy(() -> WallClockCron.parse("0 0 18 ? * FRI")).hasMessageContaining("without Quartz's seconds");
    assertThatThrownBy(() -> WallClockCron.parse("0 25 * * *")).hasMessage("hour 25 is outside 0-23");
    assertThatThrownBy(() -> WallClockCron.parse("0 18 * * FRY"))
        .hasMessage("day-of-week 'FRY' is not a number or a name (SUN-SAT)");
    assertThatThrownBy(() -> WallClockCron.parse("0 18 * *")).hasMessageContaining("five fields");
  }
}
