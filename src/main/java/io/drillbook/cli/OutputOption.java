package io.drillbook.cli;

import picocli.CommandLine.Option;

/** The {@code --output} flag of commands that report a drill. */
final class OutputOption {
  @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). With json, stdout carries "
          + "exactly one JSON object and progress goes to stderr.")
  OutputFormat format;
}
