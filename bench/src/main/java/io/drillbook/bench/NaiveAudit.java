package io.drillbook.bench;

import io.drillbook.evidence.EntryChain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Document;
import org.commonmark.node.Heading;
import org.commonmark.parser.Parser;

/**
 * The peer approach to auditing a log: read the whole file into memory, parse it into one commonmark document
 * tree, and recompute every entry's hash from the text. Same checks (chain and tables), no streaming.
 */
public final class NaiveAudit {
  private NaiveAudit() {}

  /** Returns {entries, tables, chain breaks}. */
  static long[] verify(Path file) throws Exception {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Document doc = (Document) Parser.builder().extensions(List.of(TablesExtension.create())).build().parse(text);
    long[] counts = new long[3];
    doc.accept(new AbstractVisitor() {
      @Override
      public void visit(Heading heading) {
        counts[0]++;
      }

      @Override
      public void visit(org.commonmark.node.CustomBlock block) {
        if (block instanceof TableBlock) {
          counts[1]++;
        }
        visitChildren(block);
      }
    });
    String[] parts = text.split("\n(?=## )");
    String prev = EntryChain.preambleHash(parts[0].endsWith("\n") ? parts[0] : parts[0] + "\n");
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      int chain = part.lastIndexOf("<!-- drillbook:chain v1 prev=");
      String entry = part.substring(0, chain);
      String line = part.substring(chain).trim();
      String hash = EntryChain.entryHash(prev, entry);
      if (!line.equals(EntryChain.chainLine(prev, hash))) {
        counts[2]++;
      }
      prev = line.substring(line.indexOf("hash=") + 5, line.indexOf(" -->"));
    }
    return counts;
  }

  public static void main(String[] args) throws Exception {
    long[] c = verify(Path.of(args[0]));
    System.out.println("naive audit: " + c[0] + " headings, " + c[1] + " tables, " + c[2] + " chain breaks");
    System.exit(c[2] == 0 ? 0 : 1);
  }

}
