package io.drillbook.freeze;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every drill's freeze windows: the config's top-level {@code freezes}, or the drill's own list when it has one (an
 * empty one exempts it).
 *
 * @param shared the top-level windows
 * @param ownByDrill the windows of drills that set {@code freezes} themselves, by drill name
 */
public record Freezes(List<FreezeWindow> shared, Map<String, List<FreezeWindow>> ownByDrill) {
  /** No freezes anywhere. */
  public static final Freezes NONE = new Freezes(List.of(), Map.of());

  public Freezes {
    shared = shared == null ? List.of() : List.copyOf(shared);
    ownByDrill = ownByDrill == null ? Map.of() : Map.copyOf(ownByDrill);
  }

  /** The windows that apply to {@code drill}. */
  public List<FreezeWindow> of(String drill) {
    return ownByDrill.getOrDefault(drill, shared);
  }

  /** The freeze holding {@code drill} at {@code at}; of several, the one that ends last. */
  public Optional<ActiveFreeze> activeAt(String drill, Instant at) {
    return of(drill).stream().map(w -> w.activeAt(at)).flatMap(Optional::stream)
        .max(Comparator.comparing(f -> f.until().toInstant()));
  }
}
