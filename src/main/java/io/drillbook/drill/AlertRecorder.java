package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Records the alerts of one drill's target as evidence: what was active before the rollback, when the verdict was
 * known and after the restore, and every alert that fired in between. A source that cannot answer is written down as
 * "not checked (why)", never as "none": the two mean different things to the person reading the entry.
 */
final class AlertRecorder {
  static final String NONE_FIRING = "none firing";
  private static final Set<String> FIRING_STATES = Set.of("firing", "active", "suppressed");
  private static final int RULES_NAMED = 10;

  private final AlertSource source;
  private final DrillConfig drill;
  private final String unavailable;
  private final Map<String, String> facts = new LinkedHashMap<>();
  // Keyed by name and labels; the earliest "since" any answer gave wins.
  private final Map<String, FiringAlert> firing = new LinkedHashMap<>();

  AlertRecorder(AlertSource source, DrillConfig drill) {
    this.source = source;
    this.drill = drill;
    this.unavailable = source.unavailable(drill);
  }

  /** Records the alerts active now under {@code fact} (alertsBeforeRollback, alertsAtVerdict, alertsAfterRestore). */
  void snapshot(String fact) {
    if (unavailable != null) {
      facts.put(fact, "not checked (" + unavailable + ")");
      return;
    }
    try {
      List<FiringAlert> active = source.active(drill);
      active.stream().filter(a -> FIRING_STATES.contains(a.state())).forEach(this::remember);
      facts.put(fact, active.isEmpty() ? "none" : describe(active));
    } catch (InfrastructureException e) {
      facts.put(fact, "not checked (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      facts.put(fact, "not checked (interrupted)");
    }
  }

  /**
   * The facts for the entry, after a last look over the drill's window ({@code from} the rollback's start {@code to}
   * the restore's end).
   */
  Map<String, String> finish(Instant from, Instant to) {
    Map<String, String> out = new LinkedHashMap<>();
    if (unavailable != null) {
      out.put(Fact.FAILING_ALERTS.name(), "not checked (" + unavailable + ")");
      out.putAll(facts);
      return out;
    }
    String rangeProblem = null;
    try {
      source.firedBetween(drill, from, to).forEach(this::remember);
    } catch (InfrastructureException e) {
      rangeProblem = e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      rangeProblem = "interrupted";
    }
    String checked = source.describe(drill, from, to);
    try {
      List<String> rules = source.rules(drill);
      if (!rules.isEmpty()) {
        checked += "; alerting rules loaded: " + rules.size() + " (" + rules.stream().limit(RULES_NAMED)
            .collect(Collectors.joining(", ")) + (rules.size() > RULES_NAMED ? ", ..." : "") + ")";
      }
    } catch (InfrastructureException e) {
      checked += "; alerting rules not read (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String failing;
    if (rangeProblem == null) {
      failing = firing.isEmpty() ? NONE_FIRING : describe(firing.values());
    } else if (firing.isEmpty()) {
      failing = "not checked (" + rangeProblem + ")";
    } else {
      failing = describe(firing.values()) + " (seen active; the window's range query failed: " + rangeProblem + ")";
    }
    out.put(Fact.FAILING_ALERTS.name(), failing);
    out.put(Fact.ALERTS_CHECKED.name(), checked);
    out.putAll(facts);
    return out;
  }

  private void remember(FiringAlert alert) {
    String key = alert.name() + alert.labels();
    FiringAlert known = firing.get(key);
    if (known == null || (alert.since() != null && (known.since() == null || alert.since().isBefore(known.since())))) {
      firing.put(key, new FiringAlert(alert.name(), "firing", alert.since(), alert.labels()));
    }
  }

  private static String describe(java.util.Collection<FiringAlert> alerts) {
    List<String> lines = new ArrayList<>();
    alerts.forEach(a -> lines.add(a.describe()));
    return String.join("; ", lines);
  }
}
