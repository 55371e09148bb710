package io.drillbook.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads Java, Python and Go traces out of one source's lines, in order. */
final class TraceParser {

  static final int MAX_FRAMES = 4;

  // "java.lang.IllegalStateException: msg", optionally after 'Exception in thread "main" '.
  private static final Pattern JAVA_HEADER = Pattern.compile(
      "^(?:Exception in thread \"[^\"]*\" )?((?:[A-Za-z_$][\\w$]*\\.)+[A-Za-z_$][\\w$]*(?:Exception|Error|Throwable)"
          + "[\\w$]*)(?::\\s?(.*))?$");
  private static final Pattern JAVA_FRAME = Pattern.compile("^(?:\\t|\\s{2,})at \\S.*");
  private static final Pattern JAVA_CONTINUATION = Pattern.compile(
      "^(?:\\s*Caused by: .*|\\s+Suppressed: .*|\\s*\\.\\.\\. \\d+ (?:more|common frames omitted).*)$");
  private static final String PY_HEADER = "Traceback (most recent call last):";
  private static final Pattern PY_FINAL = Pattern.compile("^([A-Za-z_][\\w.]*)(?::\\s?(.*))?$");
  private static final Pattern PY_CHAIN = Pattern.compile(
      "^(?:During handling of the above exception, another exception occurred:"
          + "|The above exception was the direct cause of the following exception:)$");
  private static final Pattern GO_PANIC = Pattern.compile("^panic: (.*?)(?: \\[recovered(?:, repanicked)?\\])?$");
  private static final Pattern GO_GOROUTINE = Pattern.compile("^goroutine \\d+ \\[[^\\]]*\\]:$");

  private TraceParser() {}

  static List<Trace> parse(List<LogLine> lines) {
    List<Trace> out = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      int next = java(lines, i, out);
      if (next == i) {
        next = python(lines, i, out);
      }
      if (next == i) {
        next = go(lines, i, out);
      }
      i = next == i ? i + 1 : next;
    }
    return out;
  }

  /** A Java trace starting at {@code i}: its end, or {@code i} when there is none. */
  private static int java(List<LogLine> lines, int i, List<Trace> out) {
    Matcher header = JAVA_HEADER.matcher(lines.get(i).text());
    if (!header.matches() || i + 1 >= lines.size() || !JAVA_FRAME.matcher(lines.get(i + 1).text()).matches()) {
      return i;
    }
    List<String> first = new ArrayList<>();
    first.add(lines.get(i).text());
    int j = i + 1;
    while (j < lines.size()) {
      String text = lines.get(j).text();
      if (JAVA_FRAME.matcher(text).matches()) {
        if (first.size() <= MAX_FRAMES) {
          first.add(text);
        }
      } else if (!JAVA_CONTINUATION.matcher(text).matches()) {
        break;
      }
      j++;
    }
    out.add(trace(header.group(1), header.group(2), first, lines.get(i)));
    return j;
  }

  /** A Python traceback (with its chained ones) starting at {@code i}: its end, or {@code i} when there is none. */
  private static int python(List<LogLine> lines, int i, List<Trace> out) {
    if (!PY_HEADER.equals(lines.get(i).text().strip())) {
      return i;
    }
    int j = i;
    Matcher last = null;
    List<String> frames = List.of();
    boolean more = true;
    while (more && j < lines.size() && PY_HEADER.equals(lines.get(j).text().strip())) {
      more = false;
      List<String> segment = new ArrayList<>();
      j++;
      while (j < lines.size() && isIndented(lines.get(j).text())) {
        if (lines.get(j).text().strip().startsWith("File \"")) {
          segment.add(lines.get(j).text());
        }
        j++;
      }
      Matcher fin = j < lines.size() ? PY_FINAL.matcher(lines.get(j).text()) : null;
      if (fin == null || !fin.matches() || segment.isEmpty()) {
        break;
      }
      last = fin;
      frames = segment;
      j++;
      // A chained traceback: blank line, the chaining sentence, blank line, another Traceback.
      int k = j;
      while (k < lines.size() && lines.get(k).text().isBlank()) {
        k++;
      }
      if (k < lines.size() && PY_CHAIN.matcher(lines.get(k).text().strip()).matches()) {
        k++;
        while (k < lines.size() && lines.get(k).text().isBlank()) {
          k++;
        }
        if (k < lines.size() && PY_HEADER.equals(lines.get(k).text().strip())) {
          j = k;
          more = true;
        }
      }
    }
    if (last == null) {
      return i;
    }
    List<String> first = new ArrayList<>();
    first.add(last.group(0));
    first.addAll(frames.subList(Math.max(0, frames.size() - MAX_FRAMES), frames.size()));
    out.add(trace(last.group(1), last.group(2), first, lines.get(i)));
    return j;
  }

  /** A Go panic starting at {@code i}: its end, or {@code i} when there is none. */
  private static int go(List<LogLine> lines, int i, List<Trace> out) {
    Matcher panic = GO_PANIC.matcher(lines.get(i).text());
    if (!panic.matches()) {
      return i;
    }
    int j = i + 1;
    // Between the panic and the goroutine header: blank lines and "[signal SIGSEGV: ...]".
    while (j < lines.size() && j <= i + 3 && !GO_GOROUTINE.matcher(lines.get(j).text()).matches()
        && (lines.get(j).text().isBlank() || lines.get(j).text().startsWith("[signal "))) {
      j++;
    }
    if (j >= lines.size() || !GO_GOROUTINE.matcher(lines.get(j).text()).matches()) {
      return i;
    }
    List<String> first = new ArrayList<>();
    first.add(lines.get(i).text());
    j++;
    while (j < lines.size() && !lines.get(j).text().isBlank() && !lines.get(j).text().startsWith("exit status")) {
      if (first.size() <= MAX_FRAMES) {
        first.add(lines.get(j).text());
      }
      j++;
    }
    out.add(trace("panic", panic.group(1), first, lines.get(i)));
    return j;
  }

  private static boolean isIndented(String text) {
    return text.startsWith(" ") || text.startsWith("\t");
  }

  private static Trace trace(String type, String message, List<String> first, LogLine at) {
    String normalised = Normalizer.message(message);
    String signature = normalised.isEmpty() ? type : type + ": " + normalised;
    return new Trace(signature, first, at.timestamp(), at.pod());
  }
}
