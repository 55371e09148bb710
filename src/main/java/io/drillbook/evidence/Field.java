package io.drillbook.evidence;

import io.drillbook.drill.DrillRecord;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The rows of an entry's field table, in written order: the single mapping between labels and
 * {@link DrillRecord} components, used by both the writer and the parser.
 */
enum Field {
  DRILL_ID("Drill id", true, DrillRecord::drillId, (b, v) -> b.drillId = v),
  DRILL("Drill", true, DrillRecord::drill, (b, v) -> b.drill = v),
  VERDICT("Verdict", true, r -> r.verdict().name(), (b, v) -> b.verdict = Values.parseVerdict(v)),
  REASON("Reason", true, DrillRecord::reason, (b, v) -> b.reason = v),
  METHOD("Method", true, DrillRecord::method, (b, v) -> b.method = v),
  ENVIRONMENT("Environment", true, DrillRecord::environment, (b, v) -> b.environment = v),
  NAMESPACE("Namespace", true, DrillRecord::namespace, (b, v) -> b.namespace = v),
  DEPLOYMENT("Deployment", true, DrillRecord::deployment, (b, v) -> b.deployment = v),
  STARTED("Started", true, r -> Values.instant(r.startedAt()),
      (b, v) -> b.startedAt = Values.parseInstant(v)),
  RECOVERY("Recovery", false, r -> r.recovery() == null ? null : Values.secondsWithUnit(r.recovery()),
      (b, v) -> b.recovery = Values.parseSecondsWithUnit(v)),
  OBJECTIVE("Objective", true, r -> Values.secondsWithUnit(r.objective()),
      (b, v) -> b.objective = Values.parseSecondsWithUnit(v)),
  FROM_REVISION("From revision", false, r -> r.fromRevision() == null ? null : r.fromRevision().toString(),
      (b, v) -> b.fromRevision = Values.parseLong(v)),
  FROM_IMAGE("From image", false, DrillRecord::fromImage, (b, v) -> b.fromImage = v),
  TO_REVISION("To revision", false, r -> r.toRevision() == null ? null : r.toRevision().toString(),
      (b, v) -> b.toRevision = Values.parseLong(v)),
  TO_IMAGE("To image", false, DrillRecord::toImage, (b, v) -> b.toImage = v),
  RESTORED("Restored", true, r -> Values.yesNo(r.restored()), (b, v) -> b.restored = Values.parseYesNo(v)),
  RESTORE("Restore", true, DrillRecord::restoreDetail, (b, v) -> b.restoreDetail = v);

  /** values() copies its array on every call; rows are looked up for every entry read. */
  private static final Field[] ALL = values();

  private final String label;
  private final boolean required;
  private final Function<DrillRecord, String> format;
  private final BiConsumer<RecordBuilder, String> parse;

  Field(String label, boolean required, Function<DrillRecord, String> format,
      BiConsumer<RecordBuilder, String> parse) {
    this.label = label;
    this.required = required;
    this.format = format;
    this.parse = parse;
  }

  String label() {
    return label;
  }

  boolean required() {
    return required;
  }

  /** The unescaped cell text, or null when the row is omitted. */
  String format(DrillRecord record) {
    return format.apply(record);
  }

  /** Sets the component from unescaped cell text; throws IllegalArgumentException when it is malformed. */
  void parseInto(RecordBuilder builder, String value) {
    parse.accept(builder, value);
  }

  static Field byLabel(String label) {
    for (Field f : ALL) {
      if (f.label.equals(label)) {
        return f;
      }
    }
    return null;
  }
}
