package io.drillbook.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromQlTest {
  private static final Map<String, String> NS = Map.of("namespace", "x");

  private static String scoped(String query) {
    return PromQl.scope(query, NS);
  }

  @Test
  void bareMetricGetsBraces() {
    assertThat(scoped("up")).isEqualTo("up{namespace=\"x\"}");
  }

  @Test
  void rangeSelectorInsideFunction() {
    assertThat(scoped("rate(maestro_orchestration_errors_total[5m])"))
        .isEqualTo("rate(maestro_orchestration_errors_total{namespace=\"x\"}[5m])");
  }

  @Test
  void existingMatchersGetTheNewOnesAppended() {
    assertThat(scoped("up{job=\"a\"}")).isEqualTo("up{job=\"a\", namespace=\"x\"}");
    assertThat(scoped("up{job=\"a\",}")).isEqualTo("up{job=\"a\", namespace=\"x\"}");
    assertThat(scoped("up{}")).isEqualTo("up{namespace=\"x\"}");
    assertThat(scoped("up {job=~\"a|b\" }")).isEqualTo("up {job=~\"a|b\", namespace=\"x\" }");
  }

  @Test
  void bracesThatHoldClosingCharactersInStrings() {
    assertThat(scoped("up{job=\"a}b\", path=~\"/x{2}\"}"))
        .isEqualTo("up{job=\"a}b\", path=~\"/x{2}\", namespace=\"x\"}");
  }

  @Test
  void histogramQuantileWithSumByLe() {
    assertThat(scoped("histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m])))"))
        .isEqualTo("histogram_quantile(0.95, sum by (le) (rate(x_bucket{namespace=\"x\"}[5m])))");
    assertThat(scoped("histogram_quantile(0.95, sum(rate(x_bucket[5m])) by (le, pod))"))
        .isEqualTo("histogram_quantile(0.95, sum(rate(x_bucket{namespace=\"x\"}[5m])) by (le, pod))");
  }

  @Test
  void binaryExpressions() {
    assertThat(scoped("a / b")).isEqualTo("a{namespace=\"x\"} / b{namespace=\"x\"}");
    assertThat(scoped("sum(rate(a[5m])) / sum(rate(b[5m]))"))
        .isEqualTo("sum(rate(a{namespace=\"x\"}[5m])) / sum(rate(b{namespace=\"x\"}[5m]))");
    assertThat(scoped("up == 0")).isEqualTo("up{namespace=\"x\"} == 0");
    assertThat(scoped("a>bool 0.5")).isEqualTo("a{namespace=\"x\"}>bool 0.5");
    assertThat(scoped("-a^2 % 3")).isEqualTo("-a{namespace=\"x\"}^2 % 3");
  }

  @Test
  void vectorMatchingKeywordsAndTheirLabelLists() {
    assertThat(scoped("a * on (pod, instance) group_left (version) b"))
        .isEqualTo("a{namespace=\"x\"} * on (pod, instance) group_left (version) b{namespace=\"x\"}");
    assertThat(scoped("a / ignoring(code) group_right b"))
        .isEqualTo("a{namespace=\"x\"} / ignoring(code) group_right b{namespace=\"x\"}");
    assertThat(scoped("a and on() b or c unless d"))
        .isEqualTo("a{namespace=\"x\"} and on() b{namespace=\"x\"} or c{namespace=\"x\"} unless d{namespace=\"x\"}");
    assertThat(scoped("sum without (instance, by) (a)"))
        .isEqualTo("sum without (instance, by) (a{namespace=\"x\"})");
  }

  @Test
  void keywordsAreCaseInsensitive() {
    assertThat(scoped("SUM BY (le) (a) AND b"))
        .isEqualTo("SUM BY (le) (a{namespace=\"x\"}) AND b{namespace=\"x\"}");
  }

  @Test
  void offsetAtSubqueriesAndDurations() {
    assertThat(scoped("rate(a[5m] offset 1h)")).isEqualTo("rate(a{namespace=\"x\"}[5m] offset 1h)");
    assertThat(scoped("a offset -5m")).isEqualTo("a{namespace=\"x\"} offset -5m");
    assertThat(scoped("max_over_time(rate(a[1m])[30m:1m])"))
        .isEqualTo("max_over_time(rate(a{namespace=\"x\"}[1m])[30m:1m])");
    assertThat(scoped("a @ 1609746000")).isEqualTo("a{namespace=\"x\"} @ 1609746000");
    assertThat(scoped("a @ start()")).isEqualTo("a{namespace=\"x\"} @ start()");
    assertThat(scoped("rate(a[1h30m])")).isEqualTo("rate(a{namespace=\"x\"}[1h30m])");
  }

  @Test
  void numbersAreNotSelectors() {
    assertThat(scoped("a > 1e-3")).isEqualTo("a{namespace=\"x\"} > 1e-3");
    assertThat(scoped("a > 0x1F + .5 + Inf - NaN")).isEqualTo("a{namespace=\"x\"} > 0x1F + .5 + Inf - NaN");
    assertThat(scoped("vector(1) + time()")).isEqualTo("vector(1) + time()");
  }

  @Test
  void stringsAndFunctionArguments() {
    assertThat(scoped("label_replace(up, \"dst\", \"$1\", \"src\", \"(.*)\")"))
        .isEqualTo("label_replace(up{namespace=\"x\"}, \"dst\", \"$1\", \"src\", \"(.*)\")");
    assertThat(scoped("count_values('le', a)")).isEqualTo("count_values('le', a{namespace=\"x\"})");
    assertThat(scoped("topk(3, a) or quantile(0.9, b)"))
        .isEqualTo("topk(3, a{namespace=\"x\"}) or quantile(0.9, b{namespace=\"x\"})");
    assertThat(scoped("absent(`raw`) or absent(a)")).isEqualTo("absent(`raw`) or absent(a{namespace=\"x\"})");
  }

  @Test
  void recordingRuleNamesWithColons() {
    assertThat(scoped("job:http_errors:rate5m > 0.1")).isEqualTo("job:http_errors:rate5m{namespace=\"x\"} > 0.1");
  }

  @Test
  void nameOnlyInMatchers() {
    assertThat(scoped("{__name__=~\"a|b\"}")).isEqualTo("{__name__=~\"a|b\", namespace=\"x\"}");
  }

  @Test
  void commentsAreSkipped() {
    assertThat(scoped("a # not_a_metric here\n/ b")).isEqualTo("a{namespace=\"x\"} # not_a_metric here\n/ b{namespace=\"x\"}");
  }

  @Test
  void operatorsInKeysAndSeveralMatchersInLabelOrder() {
    Map<String, String> matchers = new LinkedHashMap<>();
    matchers.put("namespace", "intelgraph-staging");
    matchers.put("deployment=~", "maestro-orchestrator.*");
    matchers.put("pod!~", "canary-.*");
    matchers.put("container!=", "");
    assertThat(PromQl.scope("rate(a[5m])", matchers)).isEqualTo("rate(a{container!=\"\", "
        + "deployment=~\"maestro-orchestrator.*\", namespace=\"intelgraph-staging\", pod!~\"canary-.*\"}[5m])");
  }

  @Test
  void valuesAreEscaped() {
    assertThat(PromQl.scope("a", Map.of("path", "C:\\dir \"q\"\n\t\u0001")))
        .isEqualTo("a{path=\"C:\\\\dir \\\"q\\\"\\n\\t\\x01\"}");
    assertThat(PromQl.scope("a", Map.of("le=~", "0\\.5")))
        .isEqualTo("a{le=~\"0\\\\.5\"}");
  }

  @Test
  void injectionThroughAValueStaysInsideTheString() {
    String evil = "x\"} or vector(1) or a{b=\"";
    String result = PromQl.scope("up", Map.of("namespace", evil));
    assertThat(PromQl.metricNames(result)).containsExactly("up");
    assertThat(PromQlLexer.tokenize(result)).hasSize(6);
  }

  @Test
  void emptyMatchersLeaveTheQueryAlone() {
    assertThat(PromQl.scope("rate(a[5m])", Map.of())).isEqualTo("rate(a[5m])");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "bad-name", "1abc", "na me", "x=", "=~", "a==~"})
  void invalidLabelNamesAreRefused(String key) {
    assertThatThrownBy(() -> PromQl.scope("up", Map.of(key, "v")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a label name");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "up{job=\"a\"|unclosed '{'",
      "rate(a[5m)|unclosed '['",
      "up{job=\"a}|unterminated string",
      "a ! b|unexpected '!'",
      "a ; b|unexpected character ';'"})
  void malformedExpressionsAreRefused(String query, String message) {
    assertThatThrownBy(() -> scoped(query)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }

  @Test
  void metricNamesListsSelectorsOnly() {
    assertThat(PromQl.metricNames(
        "histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m]))) > bool on(le) {__name__=\"y\", job=\"a\"}"
            + " / sum(rate(a[5m])) + up == 0"))
        .containsExactly("x_bucket", "y", "a", "up");
  }

  @Test
  void conditionsReadTheTopLevelComparisonAgainstANumberWhicheverSideItIsOn() {
    assertThat(PromQl.conditions("sum by (namespace) (rate(errors_total[5m])) / sum by (namespace) "
        + "(rate(requests_total[5m])) > 0.1")).containsExactly(new PromQl.Condition(">", 0.1));
    assertThat(PromQl.conditions("30 <= histogram_quantile(0.95, sum by (le) (rate(d_bucket[5m])))"))
        .containsExactly(new PromQl.Condition(">=", 30));
    assertThat(PromQl.conditions("up{job=\"a\"} == 0 or absent(up{job=\"a\"})"))
        .containsExactly(new PromQl.Condition("==", 0));
    assertThat(PromQl.conditions("(a / b) > 8.5e-1")).containsExactly(new PromQl.Condition(">", 0.85));
  }

  @Test
  void conditionsLeaveOutArithmeticOnTheLiteralBoolComparisonsAndComparisonsInsideFunctions() {
    assertThat(PromQl.conditions("a > 0.1 * b")).isEmpty();
    assertThat(PromQl.conditions("a - 0.05 > b")).isEmpty();
    assertThat(PromQl.conditions("a > bool 0.5")).isEmpty();
    assertThat(PromQl.conditions("count(a > 3)")).isEmpty();
    assertThat(PromQl.conditions("a > b")).isEmpty();
    assertThat(PromQl.conditions("absent(up)")).isEmpty();
  }
}
