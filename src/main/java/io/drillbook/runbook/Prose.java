package io.drillbook.runbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the workloads line, the verification section and the evidence sentence from lines of prose. */
final class Prose {

  /** A line of prose (raw markdown) and the headings it sits under, lower-cased. */
  record Line(int number, String text, String sections) {}

  /** A command and the headings it sits under, lower-cased. */
  record Located(Command command, String sections) {}

  private static final Pattern WORKLOADS_LABEL = Pattern.compile("(?i)^[\\s*_]*workloads?[\\s*_]*:");
  private static final Pattern WORKLOAD_PART = Pattern.compile(
      "(?i)`?\\b(?<kind>deploy(?:ments?)?|statefulsets?|sts)/(?<name>[a-z0-9][a-z0-9.-]*)`?"
          + "|\\bhelm\\s+release\\s*:?\\s*`?(?<release>[a-z0-9][a-z0-9.-]*)`?"
          + "|\\b(?:namespace|ns)\\s*[:=]?\\s*`?(?<ns>[a-z0-9][a-z0-9-]*)`?");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1(?!`)");
  private static final Pattern EXPECT = Pattern.compile("(?i)\\bexpect(?:s|ing|ed)?\\b\\W{0,3}(?:HTTP\\W{0,2})?(\\d{3})\\b");
  private static final String UNIT = "(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\\b";
  private static final Pattern SUSTAIN = Pattern.compile(
      "(?i)\\bfor\\s+(?:at\\s+least\\s+|a\\s+full\\s+|another\\s+)?(\\d+)\\s*" + UNIT);
  private static final Pattern LOG_WINDOW = Pattern.compile("(?i)\\b(?:last|past|previous)\\s+(\\d+)\\s*" + UNIT);
  private static final Pattern STACK_TRACES = Pattern.compile("(?i)stack\\s*-?traces?|exceptions?|panics?|tracebacks?");
  private static final Pattern EVIDENCE = Pattern.compile("(?i)\\b(?:evidence|record|drill\\s+log)");
  private static final Pattern MARKDOWN_PATH = Pattern.compile("^[^\\s`]+\\.md$");

  private Prose() {}

  static List<String> codeSpans(String markdown) {
    List<String> spans = new ArrayList<>();
    Matcher m = CODE_SPAN.matcher(markdown);
    while (m.find()) {
      spans.add(m.group(2).strip());
    }
    return spans;
  }

  /** The workloads on a {@code Workloads:} line; an empty list when {@code line} is not one. */
  static List<Workload> workloads(Line line, List<Problem> problems) {
    Matcher label = WORKLOADS_LABEL.matcher(line.text());
    if (!label.find()) {
      return List.of();
    }
    record Named(String kind, String name, int namespaceIndex) {}
    List<Named> named = new ArrayList<>();
    List<String> namespaces = new ArrayList<>();
    Matcher m = WORKLOAD_PART.matcher(line.text().substring(label.end()));
    while (m.find()) {
      if (m.group("ns") != null) {
        namespaces.add(m.group("ns"));
      } else if (m.group("release") != null) {
        named.add(new Named("HelmRelease", m.group("release"), namespaces.size()));
      } else {
        String kind = m.group("kind").toLowerCase(Locale.ROOT).startsWith("deploy") ? "Deployment" : "StatefulSet";
        named.add(new Named(kind, m.group("name"), namespaces.size()));
      }
    }
    if (named.isEmpty()) {
      problems.add(new Problem(line.number(), "workloads line names no Deployment/NAME, StatefulSet/NAME or Helm release"));
      return List.of();
    }
    List<Workload> out = new ArrayList<>();
    for (int i = 0; i < named.size(); i++) {
      Named n = named.get(i);
      // The namespace written right after a workload is its own; a workload without one shares the line's first.
      int next = i + 1 < named.size() ? named.get(i + 1).namespaceIndex() : namespaces.size();
      String ns = n.namespaceIndex() < next ? namespaces.get(n.namespaceIndex())
          : namespaces.isEmpty() ? null : namespaces.get(0);
      out.add(new Workload(n.kind(), ns, n.name(), line.number()));
    }
    return out;
  }

  static boolean isVerification(String sections) {
    return sections.contains("verif") || sections.contains("validat");
  }

  /** Reads the verification section from its lines and commands. */
  static Verification verification(List<Line> lines, List<Located> commands) {
    String url = null;
    int urlLine = 0;
    for (Located c : commands) {
      if (isVerification(c.sections()) && "curl".equals(c.command().word(0))) {
        for (Command.Word w : c.command().words()) {
          if (w.text().startsWith("http://") || w.text().startsWith("https://")) {
            url = w.text();
            urlLine = w.line();
            break;
          }
        }
        if (url != null) {
          break;
        }
      }
    }
    int trafficLine = 0;
    for (Located c : commands) {
      List<String> words = c.command().words().stream().map(Command.Word::text).toList();
      int top = words.indexOf("top");
      if (isVerification(c.sections()) && !words.isEmpty() && words.get(0).equals("kubectl") && top > 0
          && top + 1 < words.size() && List.of("pod", "pods", "po").contains(words.get(top + 1))) {
        trafficLine = c.command().words().get(0).line();
        break;
      }
    }
    Integer status = null;
    int statusLine = 0;
    Long sustain = null;
    int sustainLine = 0;
    Long window = null;
    int windowLine = 0;
    for (Line line : lines) {
      if (!isVerification(line.sections())) {
        continue;
      }
      Matcher e = EXPECT.matcher(line.text());
      if (status == null && line.number() >= urlLine && e.find()) {
        status = Integer.parseInt(e.group(1));
        statusLine = line.number();
      }
      boolean aboutLogs = STACK_TRACES.matcher(line.text()).find();
      Matcher w = LOG_WINDOW.matcher(line.text());
      if (window == null && aboutLogs && w.find()) {
        window = seconds(w.group(1), w.group(2));
        windowLine = line.number();
      }
      Matcher s = SUSTAIN.matcher(line.text());
      if (sustain == null && !aboutLogs && s.find()) {
        sustain = seconds(s.group(1), s.group(2));
        sustainLine = line.number();
      }
    }
    return new Verification(url, status, sustain, window, urlLine, statusLine, sustainLine, windowLine,
        trafficLine);
  }

  private static long seconds(String amount, String unit) {
    long n = Long.parseLong(amount);
    char u = unit.toLowerCase(Locale.ROOT).charAt(0);
    return u == 'h' ? n * 3600 : u == 'm' ? n * 60 : n;
  }

  /** The backticked markdown path in a sentence about evidence or records, or null. */
  static String evidencePath(Line line) {
    if (!EVIDENCE.matcher(line.text()).find() && !line.sections().contains("evidence")) {
      return null;
    }
    for (String span : codeSpans(line.text())) {
      if (MARKDOWN_PATH.matcher(span).matches()) {
        return span;
      }
    }
    return null;
  }
}
