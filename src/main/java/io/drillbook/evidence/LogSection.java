package io.drillbook.evidence;

/** One section of an evidence log, in file order: a parsed entry, a hand-written section, or a broken entry. */
public sealed interface LogSection permits EvidenceEntry, LegacySection, MalformedSection {

  /** 1-based line number of the section's first line. */
  int line();
}
