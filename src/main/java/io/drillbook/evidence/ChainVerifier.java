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
 * Hand-written sections without chain data are counted as legacy, not as errors.
 */
public final class ChainVerifier {
  private ChainVerifier() {}

  /** How a chain broke. */
  public enum Break {
    EDITED,
    INSERTED,
    REORDERED,
    DELETED,
    MALFORMED
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

  private record Link(int line, String drillId, String prev, String hash, boolean hashMatches, String expectedPrev) {}

  /** Streams the log once, keeping a few hashes per entry, and classifies every break. */
  public static Result verify(Path file) throws IOException {
    List<Link> links = new ArrayList<>();
    List<Integer> legacy = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    try (Stream<LogSection> sections = EvidenceLogReader.sections(file)) {
      sections.forEach(section -> {
        if (section instanceof EvidenceEntry e) {
          links.add(new Link(e.line(), e.record().drillId(), e.prev(), e.hash(), e.hashMatches(), e.expectedPrev()));
        } else if (section instanceof LegacySection l) {
          legacy.add(l.line());
        } else if (section instanceof MalformedSection m) {
          problems.add(new Problem(Break.MALFORMED, m.line(), null, m.message()));
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < links.size(); i++) {
      position.putIfAbsent(links.get(i).hash(), i);
    }
    for (int i = 0; i < links.size(); i++) {
      Link link = links.get(i);
      if (!link.hashMatches()) {
        problems.add(new Problem(Break.EDITED, link.line(), link.drillId(), "entry " + link.drillId()
            + " was edited after it was written (its text no longer matches its hash)"));
      }
      if (link.prev().equals(link.expectedPrev())) {
        continue;
      }
      Integer target = position.get(link.prev());
      if (target == null) {
        problems.add(new Problem(Break.DELETED, link.line(), link.drillId(), i == 0
            ? "the log's header was edited, or entries before " + link.drillId() + " were deleted"
            : "the entry written just before " + link.drillId() + " was deleted (it links to a hash no longer in "
                + "the log)"));
      } else if (target > i) {
        problems.add(new Problem(Break.REORDERED, link.line(), link.drillId(), "entries were reordered: "
            + link.drillId() + " links to " + links.get(target).drillId() + ", which now comes after it"));
      } else {
        Link before = links.get(i - 1);
        problems.add(new Problem(Break.INSERTED, before.line(), before.drillId(), "entry " + before.drillId()
            + " was inserted: " + link.drillId() + " links to " + links.get(target).drillId() + " before it"));
      }
    }
    problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
    return new Result(file, links.size(), legacy, problems);
  }
}
