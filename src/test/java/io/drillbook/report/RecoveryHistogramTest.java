package io.drillbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecoveryHistogramTest {

  @Test
  void bucketsKeepThreeSignificantDigitsOfMilliseconds() {
    assertThat(RecoveryHistogram.bucket(0)).isZero();
    assertThat(RecoveryHistogram.bucket(987)).isEqualTo(987);
    assertThat(RecoveryHistogram.bucket(3_812)).isEqualTo(3_810);
    assertThat(RecoveryHistogram.bucket(3_815)).isEqualTo(3_820);
    assertThat(RecoveryHistogram.bucket(420_000)).isEqualTo(420_000);
    assertThat(RecoveryHistogram.bucket(123_456_789)).isEqualTo(123_000_000);
  }

  @Test
  void percentilesAreNearestRankOverAllValuesAdded() {
    RecoveryHistogram h = new RecoveryHistogram();
    for (int i = 1; i <= 100; i++) {
      h.add(i / 10.0);
    }

    assertThat(h.total()).isEqualTo(100);
    assertThat(h.percentile(50)).isEqualTo(5.0);
    assertThat(h.percentile(95)).isEqualTo(9.5);
    assertThat(h.percentile(100)).isEqualTo(10.0);
  }

  @Test
  void manyRunsOfFewDistinctTimesStayInFewBuckets() {
    RecoveryHistogram h = new RecoveryHistogram();
    for (int i = 0; i < 100_000; i++) {
      h.add(30 + (i % 7) * 0.0001);
    }

    assertThat(h.percentile(50)).isEqualTo(30.0);
    assertThat(h.total()).isEqualTo(100_000);
  }

  @Test
  void emptyHasNoPercentile() {
    assertThat(new RecoveryHistogram().percentile(50)).isNull();
  }
}
