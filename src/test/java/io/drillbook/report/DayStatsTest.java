package io.drillbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.drill.Verdict;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DayStatsTest {

  @Test
  void aDayWithoutVerdictsIsAcceptedAndCountsNothing() {
    DayStats empty = new DayStats(LocalDate.parse("2026-07-06"), 0, Map.of(), 0, null, null, 0, 300);

    assertThat(empty.verdicts()).isEmpty();
    assertThat(empty.worst()).isEqualTo(Verdict.PASS);
  }

  @Test
  void theCalendarKeepsAPassDayWhileTheTimelineShowsItsWorstVerdict() {
    DayStats mixed = new DayStats(LocalDate.parse("2026-07-06"), 2, Map.of(Verdict.PASS, 1, Verdict.FAIL, 1), 1,
        30.0, 30.0, 1, 300);

    assertThat(mixed.worst()).isEqualTo(Verdict.FAIL);
    assertThat(mixed.cadence()).isEqualTo(Verdict.PASS);
  }
}
