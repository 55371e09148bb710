package io.drillbook.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EntryChainTest {

  private static final String PREV = "a".repeat(64);

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
  void chainLineRejectsAnythingButLowercaseHex() {
    assertThat(EntryChain.chainLine(PREV, PREV)).isEqualTo(
        "<!-- drillbook:chain v1 prev=" + PREV + " hash=" + PREV + " -->");
    assertThatThrownBy(() -> EntryChain.chainLine("A".repeat(64), PREV))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
