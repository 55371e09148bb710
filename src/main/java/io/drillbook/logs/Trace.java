package io.drillbook.logs;

import java.time.Instant;
import java.util.List;

/** One occurrence of a trace. */
record Trace(String signature, List<String> firstLines, Instant timestamp, String pod) {}
