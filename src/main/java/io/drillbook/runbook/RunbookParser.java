package io.drillbook.runbook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Reads an SRE runbook written in markdown: the thresholds of its alert table, its workloads, rollback commands,
 * verification steps and evidence file.
 *
 * <p>Whatever is present but cannot be understood is reported as a {@link Problem} with its line and left out, never
 * guessed. A runbook without any threshold cannot judge a drill, so it is refused with a {@link RunbookException}
 * naming the file and, when there is one, the line of the table that was not an alert table.
 *
 * <p>Input is decoded as UTF-8; invalid bytes become U+FFFD and a problem at line 0. A byte order mark and CRLF line
 * endings are accepted. The parser is stateless and safe to share.
 */
public final class RunbookParser {

  private static final Parser MARKDOWN = Parser.builder()
      .extensions(List.of(TablesExtension.create()))
      .includeSourceSpans(IncludeSourceSpans.BLOCKS)
      .build();

  /** Reads and parses the runbook at {@code file}; the source is recorded as the path given. */
  public Runbook parse(Path file) throws RunbookException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new RunbookException(file.toString(), 0, "runbook not found", e);
    } catch (IOException e) {
      throw new RunbookException(file.toString(), 0, "cannot read runbook: " + e.getMessage(), e);
    }
    return parse(file.toString(), bytes);
  }

  /**
   * Parses runbook {@code content}.
   *
   * @param source how to name the runbook in messages and in {@link Runbook#source()}
   */
  public Runbook parse(String source, byte[] content) throws RunbookException {
    SourceText text = SourceText.decode(content);
    Reading r = new Reading(text);
    r.walk(MARKDOWN.parse(text.text));
    List<Problem> problems = new ArrayList<>(r.problems);
    if (text.firstInvalidLine > 0) {
      problems.add(new Problem(0, "not valid UTF-8 (first invalid byte on line " + text.firstInvalidLine
          + "); invalid bytes were read as U+FFFD"));
    }
    if (r.alertTableLine == 0) {
      throw new RunbookException(source, r.otherTableLine, r.otherTableLine == 0
          ? "no alert table: expected a table with an Alert or Symptom column and a Threshold, Condition or"
              + " 'What it means' column"
          : "no alert table: this table has no Alert or Symptom column with a Threshold, Condition or"
              + " 'What it means' column");
    }
    if (r.thresholds.isEmpty()) {
      String why = problems.stream().filter(p -> p.line() > r.alertTableLine).findFirst()
          .map(p -> " (line " + p.line() + ": " + p.message() + ")").orElse("");
      throw new RunbookException(source, r.alertTableLine, "the alert table states no numeric threshold" + why);
    }
    Verification verification = Prose.verification(r.lines, r.commands);
    String evidence = r.lines.stream().map(Prose::evidencePath).filter(p -> p != null).findFirst().orElse(null);
    problems.sort(Comparator.comparingInt(Problem::line));
    return new Runbook(source, text.sha256, r.thresholds, r.workloads, verification, r.rollbackPaths, evidence,
        problems);
  }

  /** One pass over the document, keeping what each block contributes. */
  private static final class Reading {
    private final SourceText text;
    private final List<String> headings = new ArrayList<>();
    private final List<Integer> levels = new ArrayList<>();
    final List<Threshold> thresholds = new ArrayList<>();
    final List<Workload> workloads = new ArrayList<>();
    final List<RollbackPathSpec> rollbackPaths = new ArrayList<>();
    final List<Problem> problems = new ArrayList<>();
    final List<Prose.Line> lines = new ArrayList<>();
    final List<Prose.Located> commands = new ArrayList<>();
    int alertTableLine;
    int otherTableLine;

    Reading(SourceText text) {
      this.text = text;
    }

    void walk(Node node) {
      for (Node n = node.getFirstChild(); n != null; n = n.getNext()) {
        if (n instanceof Heading h) {
          heading(h);
        } else if (n instanceof Paragraph p) {
          paragraph(p);
        } else if (n instanceof FencedCodeBlock f) {
          // The literal starts on the line after the opening fence.
          code(f.getLiteral(), firstLine(f) + 1);
        } else if (n instanceof IndentedCodeBlock c) {
          code(c.getLiteral(), firstLine(c));
        } else if (n instanceof TableBlock t) {
          table(t);
        } else {
          walk(n);
        }
      }
    }

    private String sections() {
      return String.join(" / ", headings);
    }

    private void heading(Heading h) {
      while (!levels.isEmpty() && levels.get(levels.size() - 1) >= h.getLevel()) {
        levels.remove(levels.size() - 1);
        headings.remove(headings.size() - 1);
      }
      StringBuilder sb = new StringBuilder();
      for (Node c = h.getFirstChild(); c != null; c = c.getNext()) {
        sb.append(c instanceof Text t ? t.getLiteral() : c instanceof Code k ? k.getLiteral() : " ");
      }
      levels.add(h.getLevel());
      headings.add(sb.toString().toLowerCase(Locale.ROOT));
    }

    private void paragraph(Paragraph p) {
      String sections = sections();
      for (SourceSpan span : p.getSourceSpans()) {
        Prose.Line line = new Prose.Line(span.getLineIndex() + 1, spanText(span), sections);
        lines.add(line);
        workloads.addAll(Prose.workloads(line, problems));
        for (String code : Prose.codeSpans(line.text())) {
          command(Command.inline(code, line.number()), sections);
        }
      }
    }

    private void code(String literal, int firstLine) {
      String sections = sections();
      String[] physical = literal.split("\n", -1);
      for (int i = 0; i < physical.length; i++) {
        // Code lines are prose too for the verification section ("curl ... # expect 200").
        lines.add(new Prose.Line(firstLine + i, physical[i], sections));
      }
      for (Command c : Command.block(literal, firstLine)) {
        command(c, sections);
      }
    }

    private void command(Command c, String sections) {
      if (c != null) {
        commands.add(new Prose.Located(c, sections));
        RollbackCommands.read(c, rollbackPaths, problems);
      }
    }

    private void table(TableBlock t) {
      List<SourceSpan> spans = t.getSourceSpans();
      AlertTable table = AlertTable.forHeader(spanText(spans.get(0)));
      int line = spans.get(0).getLineIndex() + 1;
      if (table == null) {
        if (otherTableLine == 0) {
          otherTableLine = line;
        }
        return;
      }
      if (alertTableLine == 0) {
        alertTableLine = line;
      }
      for (SourceSpan row : spans.subList(Math.min(2, spans.size()), spans.size())) {
        table.read(new AlertTable.Row(row.getLineIndex() + 1, spanText(row)), thresholds, problems);
      }
    }

    private int firstLine(Node n) {
      List<SourceSpan> spans = n.getSourceSpans();
      return spans.isEmpty() ? 0 : spans.get(0).getLineIndex() + 1;
    }

    private String spanText(SourceSpan span) {
      String line = text.line(span.getLineIndex() + 1);
      int from = Math.min(span.getColumnIndex(), line.length());
      return line.substring(from, Math.min(line.length(), from + span.getLength()));
    }
  }
}
