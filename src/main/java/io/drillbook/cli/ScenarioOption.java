package io.drillbook.cli;

/** {@code --scenario} values: {@code fail} marks the rollback target's image broken in the sandbox. */
enum ScenarioOption {
  pass,
  fail
}
