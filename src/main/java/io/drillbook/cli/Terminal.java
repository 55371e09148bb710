package io.drillbook.cli;

import java.io.PrintWriter;

/**
 * Where a command writes: results to {@code out}, progress and errors to {@code err}. Injected so tests capture
 * both.
 */
record Terminal(PrintWriter out, PrintWriter err) {

  /** The writer progress goes to: stdout for text output, stderr when stdout carries JSON. */
  PrintWriter progress(OutputFormat format) {
    return format == OutputFormat.json ? err : out;
  }
}
