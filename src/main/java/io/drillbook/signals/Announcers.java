package io.drillbook.signals;

import io.drillbook.config.DrillConfig;
import io.drillbook.drill.DrillAnnouncer;
import io.drillbook.drill.DrillRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Several announcers as one: begun in order, ended in reverse, each one's facts kept. */
public final class Announcers implements DrillAnnouncer {
  private final List<DrillAnnouncer> all;

  public Announcers(List<DrillAnnouncer> all) {
    this.all = List.copyOf(all);
  }

  @Override
  public Announced begin(DrillConfig drill, String drillId, Instant startedAt) {
    List<Announced> begun = new ArrayList<>();
    for (DrillAnnouncer announcer : all) {
      begun.add(announcer.begin(drill, drillId, startedAt));
    }
    return record -> end(begun, record);
  }

  private static Map<String, String> end(List<Announced> begun, DrillRecord record) {
    Map<String, String> facts = new LinkedHashMap<>();
    for (int i = begun.size() - 1; i >= 0; i--) {
      facts.putAll(begun.get(i).end(record));
    }
    return facts;
  }
}
