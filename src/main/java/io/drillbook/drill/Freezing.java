package io.drillbook.drill;

import io.drillbook.freeze.ActiveFreeze;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a freeze is worded in a drill's entry: the FROZEN reason, and the facts the compliance report reads back. */
public final class Freezing {
  /** The flag that runs a drill inside a freeze. */
  public static final String OVERRIDE_FLAG = "--ignore-freeze";

  private Freezing() {}

  static String reason(ActiveFreeze freeze, String why) {
    return "frozen by " + freeze.describe() + "; override with " + OVERRIDE_FLAG
        + (why == null || why.isBlank() ? "" : " (" + why + ")");
  }

  static Map<String, String> facts(ActiveFreeze freeze) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(Fact.FREEZE.name(), freeze.name());
    facts.put(Fact.FREEZE_FROM.name(), freeze.from().toOffsetDateTime().toString());
    facts.put(Fact.FREEZE_UNTIL.name(), freeze.until().toOffsetDateTime().toString());
    return facts;
  }

  /** The fact a drill run inside a freeze carries: which freeze, and who overrode it. */
  public static Map<String, String> overridden(ActiveFreeze freeze, String who) {
    Map<String, String> facts = facts(freeze);
    facts.put(Fact.FREEZE_OVERRIDDEN.name(), "ran inside " + freeze.describe() + " with " + OVERRIDE_FLAG
        + (who == null || who.isBlank() ? "" : " by " + who));
    return facts;
  }
}
