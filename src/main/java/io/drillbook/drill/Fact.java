package io.drillbook.drill;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A named value in a drill's evidence that code reads back, with its type: facts are stored as text (the entry is
 * markdown), and this is the one place that says what each one the code relies on holds. Facts only ever shown are
 * plain names.
 *
 * @param name the key in {@link DrillRecord#facts()} and the evidence
 * @param parse reads the stored text; throws {@link IllegalArgumentException} when it is not such a value
 */
public record Fact<T>(String name, Function<String, T> parse) {

  /** What a follow-up issue did for the drill. */
  public enum FollowUpAction { OPENED, COMMENTED, CLOSED }

  /** The running release's source commit (OCI revision annotation). */
  public static final Fact<String> OFFENDING_COMMIT = new Fact<>("offendingCommit", Function.identity());
  /** The Helm release ({@code NAMESPACE/NAME}) that manages the drilled Deployment. */
  public static final Fact<String> HELM_MANAGED = new Fact<>("helmManaged", Function.identity());
  /** What preflight found that did not stop the drill, joined with "; ". */
  public static final Fact<String> PREFLIGHT_WARNINGS = new Fact<>("preflightWarnings", Function.identity());
  /** The head commit of the drill's rollback workflow run. */
  public static final Fact<String> HEAD_SHA = new Fact<>("headSha", Function.identity());
  /** The rollback workflow run's page. */
  public static final Fact<URI> RUN_URL = new Fact<>("runUrl", URI::create);
  /** The restore workflow run's page. */
  public static final Fact<URI> RESTORE_RUN_URL = new Fact<>("restoreRunUrl", URI::create);
  /** The follow-up issue's page. */
  public static final Fact<URI> FOLLOW_UP_ISSUE = new Fact<>("followUpIssue", URI::create);
  /** What the follow-up issue did. */
  public static final Fact<FollowUpAction> FOLLOW_UP_ACTION = new Fact<>("followUpAction",
      text -> FollowUpAction.valueOf(text.toUpperCase(Locale.ROOT)));
  /** The alerts that fired during the drill, as one line. */
  public static final Fact<String> FAILING_ALERTS = new Fact<>("failingAlerts", Function.identity());
  /** The alerts still active for the target once the restore ended: "none", a list, or "not checked (why)". */
  public static final Fact<String> ALERTS_AFTER_RESTORE = new Fact<>("alertsAfterRestore", Function.identity());
  /** What was asked for alerts: the selector, the servers, the window and the rules loaded. */
  public static final Fact<String> ALERTS_CHECKED = new Fact<>("alertsChecked", Function.identity());

  /** The freeze window that held a FROZEN drill, or that a drill ran inside of with {@code --ignore-freeze}. */
  public static final Fact<String> FREEZE = new Fact<>("freeze", Function.identity());
  /** When that freeze began, as an offset date-time. */
  public static final Fact<OffsetDateTime> FREEZE_FROM = new Fact<>("freezeFrom", Fact::offsetDateTime);
  /** When that freeze ends (exclusive), as an offset date-time. */
  public static final Fact<OffsetDateTime> FREEZE_UNTIL = new Fact<>("freezeUntil", Fact::offsetDateTime);
  /** That a person ran the drill inside a freeze, with the override flag, and who. */
  public static final Fact<String> FREEZE_OVERRIDDEN = new Fact<>("freezeOverridden", Function.identity());

  private static OffsetDateTime offsetDateTime(String text) {
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The value in {@code facts}, if present and readable as this fact's type. */
  public Optional<T> in(Map<String, String> facts) {
    String text = facts.get(name);
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(parse.apply(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The text stored for {@code value}. */
  public String text(T value) {
    return value instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : value.toString();
  }
}
