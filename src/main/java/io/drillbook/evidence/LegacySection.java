package io.drillbook.evidence;

/**
 * A {@code ## } section without the drillbook entry marker, e.g. a hand-written record of an earlier drill.
 * It is reported, not parsed; only legacy text before the first entry is covered by the chain.
 *
 * @param line 1-based line number of its heading
 * @param lastLine 1-based line number of its last line
 * @param heading the heading line as written
 */
public record LegacySection(int line, int lastLine, String heading) implements LogSection {}
