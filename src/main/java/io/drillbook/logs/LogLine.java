package io.drillbook.logs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One log line split into where it came from, when it was logged, and what the program wrote. */
record LogLine(String source, String pod, Instant timestamp, String text) {

  // kubectl logs --prefix: "[pod/NAME/CONTAINER] ".
  private static final Pattern PREFIX = Pattern.compile("^\\[pod/([^/\\]]+)/([^\\]]*)\\] ");
  // The API's timestamps=true: RFC 3339 with up to nanoseconds, then one space.
  private static final Pattern TIMESTAMP = Pattern.compile(
      "^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?(?:Z|[+-]\\d{2}:\\d{2})) ");

  static LogLine parse(String raw, String pod) {
    String rest = raw == null ? "" : raw;
    if (rest.endsWith("\r")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    String source = null;
    Instant timestamp = null;
    for (int i = 0; i < 2; i++) {
      Matcher prefix = PREFIX.matcher(rest);
      if (source == null && prefix.find()) {
        source = prefix.group(1) + "/" + prefix.group(2);
        pod = prefix.group(1);
        rest = rest.substring(prefix.end());
        continue;
      }
      Matcher stamp = TIMESTAMP.matcher(rest);
      if (timestamp == null && stamp.find()) {
        try {
          timestamp = OffsetDateTime.parse(stamp.group(1)).toInstant();
          rest = rest.substring(stamp.end());
          continue;
        } catch (DateTimeParseException e) {
          // Not a timestamp after all: keep the line as written.
        }
      }
      break;
    }
    return new LogLine(source, pod, timestamp, rest);
  }
}
