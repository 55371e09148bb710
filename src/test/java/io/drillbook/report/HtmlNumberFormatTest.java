package io.drillbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HtmlNumberFormatTest {

  @Test
  void oneDecimalIsPrintedAsPercentPointOneFWouldPrintIt() {
    Random random = new Random(11);
    double[] fixed = {0, 0.04, 0.05, 0.15, 1.25, 2.35, 59.95, 760, 99999.96, -0.04, -3.14};
    for (double v : fixed) {
      assertThat(HtmlReport.fmt(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
    }
    for (int i = 0; i < 20_000; i++) {
      double v = random.nextInt(8_000_000) / 1000.0;
      assertThat(HtmlReport.fmt(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
    }
  }
}
