package io.drillbook.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class EntryChainTest {

  private static final String PREV = "a".repeat(64);
  private static final String EDITS = "0af9gA -=<>!x\u00e9";

  @Test
  void canonicalStripsCarriageReturnsTrailingWhitespaceAndOuterBlankLines() {
    assertThat(EntryChain.canonical("\n \n## h  \r\n\tbody\t\r\n\n\nend \n\n")).isEqualTo("## h\n\tbody\n\n\nend");
  }

  @Test
  void entryHashIsSha256OfDomainPrevAndCanonicalText() throws Exception {
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(("drillbook-entry-v1\n" + PREV + "\n## h\nbody").getBytes(StandardCharsets.UTF_8)));
    assertThat(EntryChain.entryHash(PREV, "## h   \r\nbody\n\n")).isEqualTo(expected);
  }

  @Test
  void preambleHashIsSha256OfCanonicalText() throws Exception {
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest("# Title\n\nnotes ü".getBytes(StandardCharsets.UTF_8)));
    assertThat(EntryChain.preambleHash("# Title  \r\n\r\nnotes ü\r\n")).isEqualTo(expected);
  }

  @Test
  void lineEndingAndTrailingSpaceChangesDoNotBreakTheHashButTextChangesDo() {
    String hash = EntryChain.entryHash(PREV, "## h\nbody\n");
    assertThat(EntryChain.entryHash(PREV, "## h\r\nbody  \r\n")).isEqualTo(hash);
    assertThat(EntryChain.entryHash(PREV, "## h\nbodY\n")).isNotEqualTo(hash);
    assertThat(EntryChain.entryHash("b".repeat(64), "## h\nbody\n")).isNotEqualTo(hash);
  }

  @Test
  void hashFromTheBytesAsReadEqualsTheHashOfTheCanonicalLines() {
    List<String> pieces = List.of("", "", " ", "\t", "\r", "a", "| x |", "\u00e9", "\uD83D\uDE80", "## h", "  y");
    Random random = new Random(1204);
    int fromBytes = 0;
    for (int i = 0; i < 5000; i++) {
      List<String> lines = new ArrayList<>();
      int count = 1 + random.nextInt(6);
      for (int l = 0; l < count; l++) {
        StringBuilder line = new StringBuilder();
        for (int p = random.nextInt(4); p > 0; p--) {
          line.append(pieces.get(random.nextInt(pieces.size())));
        }
        lines.add(line.toString());
      }
      EntryText text = EntryText.of(lines);
      int hashed = 1 + random.nextInt(count);
      fromBytes += text.canonicalEnd(hashed) >= 0 ? 1 : 0;
      assertThat(EntryChain.entryHash(PREV, text, hashed)).as("%s", lines)
          .isEqualTo(EntryChain.entryHash(PREV, lines.subList(0, hashed)));
    }
    assertThat(fromBytes).isGreaterThan(500);
  }

  @Test
  void chainLineRejectsAnythingButLowercaseHex() {
    assertThat(EntryChain.chainLine(PREV, PREV)).isEqualTo(
        "<!-- drillbook:chain v1 prev=" + PREV + " hash=" + PREV + " -->");
    assertThatThrownBy(() -> EntryChain.chainLine("A".repeat(64), PREV))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chainLinesAreReadByHandExactlyAsThePatternReadsThem() {
    String line = EntryChain.chainLine(PREV, "0123456789abcdef".repeat(4));
    List<String> lines = new ArrayList<>(List.of(line, line + " ", " " + line, line.toUpperCase(Locale.ROOT), "",
        line.replace("prev=", "prev= "), line.replace(" -->", "-->"), line.replace("hash=0", "hash=g")));
    Random random = new Random(17);
    for (int i = 0; i < 5000; i++) {
      StringBuilder sb = new StringBuilder(line);
      int at = random.nextInt(sb.length());
      switch (random.nextInt(3)) {
        case 0 -> sb.setCharAt(at, EDITS.charAt(random.nextInt(EDITS.length())));
        case 1 -> sb.deleteCharAt(at);
        default -> sb.insert(at, "0a -".charAt(random.nextInt(4)));
      }
      lines.add(sb.toString());
    }
    for (String l : lines) {
      Matcher m = EntryChain.CHAIN_LINE.matcher(l);
      EntryChain.Link expected = m.matches() ? new EntryChain.Link(m.group(1), m.group(2)) : null;
      assertThat(EntryChain.link(l)).as("'%s'", l).isEqualTo(expected);
      for (String raw : List.of(l, l + " \r", l.replace(" ", "\r "))) {
        assertThat(EntryChain.link(EntryText.of(List.of(raw)), 0)).as("'%s' as bytes", raw)
            .isEqualTo(EntryChain.link(Canonicalizer.clean(raw)));
      }
    }
  }
}
