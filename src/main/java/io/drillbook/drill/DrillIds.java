package io.drillbook.drill;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.random.RandomGenerator;

/** Drill ids: the drill name, the UTC start second and four random hex digits, e.g. {@code x-20261129T025001Z-3f9a}. */
public final class DrillIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final RandomGenerator random;

  public DrillIds(RandomGenerator random) {
    this.random = random;
  }

  public String next(String drillName, Instant startedAt) {
    return drillName + "-" + STAMP.format(startedAt) + "-" + String.format("%04x", random.nextInt(0x10000));
  }
}
