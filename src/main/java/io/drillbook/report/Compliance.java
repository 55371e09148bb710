package io.drillbook.report;

/** A target's standing for a period, worst last. */
public enum Compliance {
  COMPLIANT("COMPLIANT"),
  AT_RISK("AT RISK"),
  NON_COMPLIANT("NON-COMPLIANT");

  private final String label;

  Compliance(String label) {
    this.label = label;
  }

  /** How reports print it, e.g. {@code AT RISK}. */
  public String label() {
    return label;
  }

  Compliance worst(Compliance other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
