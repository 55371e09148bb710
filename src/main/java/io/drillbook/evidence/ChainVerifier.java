package io.drillbook.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Recomputes a log's hash chain and says where and how it broke: an entry EDITED after it was written, an entry
 * INSERTED (a later entry links past it), entries REORDERED (an entry links to one that comes after it), an entry
 * DELETED (an entry links to a hash no longer in the file), or an entry that no longer parses (MALFORMED).
 * Hand-written sections without chain data are counted as legacy, not as errors. Memory does not grow with the
 * log: only the breaks are kept.
 */
public final class ChainVerifier {
  private ChainVerifier() {}

  /** How a chain broke. */
  public enum Break {
    EDITED,
    INSERTED,
    REORDERED,
    DELETED,
    MALFORMED,
    /** Dated after the time of verification: a clock far off, or an entry written by hand. */
    FUTURE
  }

  /**
   * @param line the 1-based line of the entry (or section) concerned
   * @param drillId the entry's drill id, when it could be read
   */
  public record Problem(Break kind, int line, String drillId, String message) {}

  /**
   * @param entries drillbook entries read
   * @param legacyLines first lines of hand-written sections (unverifiable, not errors)
   * @param problems where the chain broke, first first
   */
  public record Result(Path file, int entries, List<Integer> legacyLines, List<Problem> problems) {
    public boolean intact() {
      return problems.isEmpty();
    }
  }

  private record Unlinked(int index, int line, String drillId, String prev) {}

  /**
   * Streams the log once keeping only the breaks, then, only if an entry does not link to the one before it, once
   * more to find where the hash it links to stands: memory stays flat however long the log is.
   */
  public static Result verify(Path file) throws IOException {
    return verify(file, null);
  }

  /** How far ahead of the verifying machine's clock a writer's clock may be before its entries count as future. */
  public static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(5);

  /**
   * As {@link #verify(Path)}, and also flags every entry started more than {@link #CLOCK_SKEW} after {@code now} as
   * {@link Break#FUTURE}: evidence of a drill that has not happened yet is not evidence.
   *
   * @param now the time of verification, or null to skip the check
   */
  public static Result verify(Path file, java.time.Instant now) throws IOException {
    java.time.Instant latest = now == null ? null : now.plus(CLOCK_SKEW);
    List<Integer> legacy = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    List<Unlinked> unlinked = new ArrayList<>();
    int[] count = {0};
    stream(file, section -> {
      if (section instanceof EvidenceEntry e) {
        int index = count[0]++;
        if (!e.hashMatches()) {
          problems.add(new Problem(Break.EDITED, e.line(), e.record().drillId(), "entry " + e.record().drillId()
              + " was edited after it was written (its text no longer matches its hash)"));
        }
        if (latest != null && e.record().startedAt() != null && e.record().startedAt().isAfter(latest)) {
          problems.add(new Problem(Break.FUTURE, e.line(), e.record().drillId(), "entry " + e.record().drillId()
              + " is dated " + e.record().startedAt() + ", in the future (verified at " + now + ")"));
        }
        if (!e.linked()) {
          unlinked.add(new Unlinked(index, e.line(), e.record().drillId(), e.prev()));
        }
      } else if (section instanceof LegacySection l) {
        legacy.add(l.line());
      } else if (section instanceof MalformedSection m) {
        problems.add(new Problem(Break.MALFORMED, m.line(), null, m.message()));
      }
    });
    if (!unlinked.isEmpty()) {
      classify(file, unlinked, problems);
    }
    problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
    return new Result(file, count[0], legacy, problems);
  }

  /** Where each break's {@code prev} stands in the log: later (reordered), earlier (inserted), nowhere (deleted). */
  private static void classify(Path file, List<Unlinked> unlinked, List<Problem> problems) throws IOException {
    Map<String, Integer> wanted = new HashMap<>();
    unlinked.forEach(u -> wanted.put(u.prev(), -1));
    Map<Integer, String[]> neighbours = new HashMap<>();
    unlinked.forEach(u -> neighbours.put(u.index() - 1, null));
    Map<Integer, String> idsAt = new HashMap<>();
    int[] index = {0};
    stream(file, section -> {
      if (section instanceof EvidenceEntry e) {
        int i = index[0]++;
        if (wanted.containsKey(e.hash()) && wanted.get(e.hash()) < 0) {
          wanted.put(e.hash(), i);
          idsAt.put(i, e.record().drillId());
        }
        if (neighbours.containsKey(i)) {
          neighbours.put(i, new String[] {Integer.toString(e.line()), e.record().drillId()});
        }
      }
    });
    for (Unlinked u : unlinked) {
      int target = wanted.get(u.prev());
      if (target < 0) {
        problems.add(new Problem(Break.DELETED, u.line(), u.drillId(), u.index() == 0
            ? "the log's header was edited, or entries before " + u.drillId() + " were deleted"
            : "the entry written just before " + u.drillId() + " was deleted (it links to a hash no longer in "
                + "the log)"));
      } else if (target > u.index()) {
        problems.add(new Problem(Break.REORDERED, u.line(), u.drillId(), "entries were reordered: " + u.drillId()
            + " links to " + idsAt.get(target) + ", which now comes after it"));
      } else {
        String[] before = neighbours.get(u.index() - 1);
        problems.add(new Problem(Break.INSERTED, Integer.parseInt(before[0]), before[1], "entry " + before[1]
            + " was inserted: " + u.drillId() + " links to " + idsAt.get(target) + " before it"));
      }
    }
  }

  private static void stream(Path file, java.util.function.Consumer<LogSection> each) throws IOException {
    try (Stream<LogSection> sections = EvidenceLogReader.sections(file)) {
      sections.forEach(each);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
