package io.drillbook.cli;

/** {@code --output} values. */
enum OutputFormat {
  text,
  json
}
