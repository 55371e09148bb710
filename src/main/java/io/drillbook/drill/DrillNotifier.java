package io.drillbook.drill;

/**
 * Tells people where they already look (a chat channel, an incident tool) how a drill ended. Never changes the
 * verdict and never throws: a notification that could not be delivered is a fact in the entry.
 */
public interface DrillNotifier {

  /**
   * @param evidenceLink where the drill's entry will be
   * @return the record with facts saying what was delivered and what was not
   */
  DrillRecord notify(DrillRecord record, String evidenceLink);

  /** Notifies nobody (none configured). */
  DrillNotifier NONE = (record, link) -> record;
}
