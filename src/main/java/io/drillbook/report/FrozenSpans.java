package io.drillbook.report;

import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.Fact;
import io.drillbook.report.ComplianceReport.FrozenSpan;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The freeze windows a target's FROZEN entries name, with how many fires each held. The entries carry the span
 * (the report has no config to read it from), so the evidence alone says which days the cadence does not count.
 */
final class FrozenSpans {
  private final Map<List<Object>, FrozenSpan> spans = new LinkedHashMap<>();

  void add(DrillRecord r) {
    Optional<String> name = Fact.FREEZE.in(r.facts());
    Optional<OffsetDateTime> from = Fact.FREEZE_FROM.in(r.facts());
    Optional<OffsetDateTime> until = Fact.FREEZE_UNTIL.in(r.facts());
    if (name.isEmpty() || from.isEmpty() || until.isEmpty() || !until.get().isAfter(from.get())) {
      // An entry without a readable span still counts as FROZEN; it just excuses no days.
      return;
    }
    List<Object> key = List.of(name.get(), from.get().toInstant(), until.get().toInstant());
    FrozenSpan seen = spans.get(key);
    spans.put(key, new FrozenSpan(name.get(), from.get(), until.get(), seen == null ? 1 : seen.fires() + 1));
  }

  /** The spans by start. */
  List<FrozenSpan> list() {
    List<FrozenSpan> list = new ArrayList<>(spans.values());
    list.sort(Comparator.comparing((FrozenSpan s) -> s.from().toInstant()).thenComparing(FrozenSpan::name));
    return list;
  }

  /** Whole days of frozen time between the starts (UTC) of {@code from} and {@code to}; overlaps count once. */
  static long frozenDays(List<FrozenSpan> spans, LocalDate from, LocalDate to) {
    Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = to.atStartOfDay(ZoneOffset.UTC).toInstant();
    Duration frozen = Duration.ZERO;
    Instant covered = start;
    for (FrozenSpan s : spans) {
      Instant a = max(s.from().toInstant(), covered);
      Instant b = min(s.until().toInstant(), end);
      if (b.isAfter(a)) {
        frozen = frozen.plus(Duration.between(a, b));
        covered = b;
      }
    }
    return frozen.toDays();
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
