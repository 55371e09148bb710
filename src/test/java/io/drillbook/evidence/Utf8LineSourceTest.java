package io.drillbook.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8LineSourceTest {

  @Test
  void splitsLinesExactlyAsTheReaderSourceDoes() throws IOException {
    List<String> texts = List.of("", "\n", "\n\n", "a", "a\n", "a\r\nb\r\n", "a\rb", "no newline at end",
        "é東🚀\n👨‍👩‍👧\nend", "x".repeat(200_000) + "\n" + "é".repeat(70_000) + "\ny",
        // a multi-byte character straddling the 64 KiB read buffer
        "a".repeat(64 * 1024 - 1) + "€\nb\n");
    for (String text : texts) {
      assertThat(lines(new Utf8LineSource(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))))
          .isEqualTo(lines(new ReaderLineSource(new StringReader(text))));
    }
  }

  @Test
  void invalidUtf8IsReportedBeforeItsLineIsCounted() throws IOException {
    byte[] bytes = {'o', 'k', '\n', 'b', 'a', (byte) 0xC3, 'd', '\n'};
    Utf8LineSource source = new Utf8LineSource(new ByteArrayInputStream(bytes));

    assertThat(source.next()).isEqualTo("ok");
    assertThatThrownBy(source::next).isInstanceOf(CharacterCodingException.class);
    assertThat(source.lineNumber()).isEqualTo(1);
  }

  private static List<String> lines(LineSource source) throws IOException {
    List<String> out = new ArrayList<>();
    String line;
    while ((line = source.next()) != null) {
      out.add(source.lineNumber() + ":" + line);
    }
    return out;
  }
}
