package io.drillbook.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A markdown table printed with aligned columns, so it reads on a terminal and pastes into BENCHMARKS.md. */
final class Table {
  private final String title;
  private final List<String[]> rows = new ArrayList<>();

  Table(String title, String... header) {
    this.title = title;
    rows.add(header);
  }

  Table row(Object... cells) {
    String[] r = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      r[i] = String.valueOf(cells[i]);
    }
    rows.add(r);
    return this;
  }

  void print(PrintStream out) {
    int cols = rows.get(0).length;
    int[] width = new int[cols];
    for (String[] r : rows) {
      for (int i = 0; i < cols && i < r.length; i++) {
        width[i] = Math.max(Math.max(3, width[i]), r[i].length());
      }
    }
    out.println();
    out.println("### " + title);
    out.println();
    for (int n = 0; n < rows.size(); n++) {
      out.println(line(rows.get(n), width));
      if (n == 0) {
        String[] dashes = new String[cols];
        for (int i = 0; i < cols; i++) {
          dashes[i] = "-".repeat(Math.max(3, width[i]));
        }
        out.println(line(dashes, width));
      }
    }
    out.flush();
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder("|");
    for (int i = 0; i < width.length; i++) {
      String c = i < cells.length ? cells[i] : "";
      sb.append(' ').append(c).append(" ".repeat(width[i] - c.length())).append(" |");
    }
    return sb.toString();
  }
}
