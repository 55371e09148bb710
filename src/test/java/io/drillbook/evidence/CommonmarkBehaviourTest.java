package io.drillbook.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

/** Pins the commonmark-java 0.32 behaviour the escaping relies on, so an upgrade that changes it fails here. */
class CommonmarkBehaviourTest {

  private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();

  @Test
  void escapedPipeInsideTableCellDecodesToPipe() {
    assertThat(cell("x\\|y")).isEqualTo("x|y");
  }

  @Test
  void escapedBackslashBeforeEscapedPipeKeepsBoth() {
    assertThat(cell("\\\\\\|z")).isEqualTo("\\|z");
  }

  @Test
  void numericReferencesDecodeToControlCharacters() {
    assertThat(cell("a&#10;b&#13;c&#9;d&#27;e&#127;f&#133;")).isEqualTo("a\nb\rc\td\u001be\u007ff\u0085");
  }

  @Test
  void nulReferenceDecodesToReplacementCharacter() {
    assertThat(cell("&#0;")).isEqualTo("\uFFFD");
  }

  @Test
  void spaceReferencesSurviveCellTrimmingButPlainEdgeSpacesDoNot() {
    assertThat(cell("&#32; a  b &#32;")).isEqualTo("  a  b  ");
    assertThat(cell("   x   ")).isEqualTo("x");
  }

  @Test
  void emptyCellHasNoText() {
    assertThat(cell("")).isEmpty();
  }

  private static String cell(String markdown) {
    Node doc = PARSER.parse("| k | v |\n| --- | --- |\n| key | " + markdown + " |\n");
    List<String> cells = new ArrayList<>();
    doc.accept(new AbstractVisitor() {
      @Override
      public void visit(CustomNode node) {
        if (node instanceof TableCell) {
          StringBuilder sb = new StringBuilder();
          for (Node n = node.getFirstChild(); n != null; n = n.getNext()) {
            sb.append(((Text) n).getLiteral());
          }
          cells.add(sb.toString());
        }
        visitChildren(node);
      }
    });
    assertThat(cells).hasSize(4);
    return cells.get(3);
  }
}
