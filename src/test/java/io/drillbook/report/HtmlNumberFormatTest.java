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

  @Test
  void secondsArePrintedAsPercentPointOneFWouldPrintThem() {
    Random random = new Random(12);
    double[] fixed = {0, -0.0, 0.05, 0.15, 0.25, 0.35, 2.675, 1e-5, 59.95, 9_999_999.95, 1e7, 123_456_789_012.35,
        -3.14, Double.NaN, Double.POSITIVE_INFINITY, Double.MAX_VALUE, Double.MIN_VALUE};
    for (double v : fixed) {
      assertThat(MarkdownReport.oneDecimal(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
    }
    for (int i = 0; i < 200_000; i++) {
      double v = switch (i % 4) {
        case 0 -> random.nextInt(100_000_000) / 1000.0;
        case 1 -> random.nextDouble() * 1000;
        case 2 -> random.nextDouble() * 1e-3;
        default -> Math.abs(random.nextGaussian()) * 1e9;
      };
      assertThat(MarkdownReport.oneDecimal(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
    }
  }
}
