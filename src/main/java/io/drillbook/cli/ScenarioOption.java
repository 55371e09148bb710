package io.drillbook.cli;

/**
 * {@code --scenario} values: {@code fail} marks the rollback target's image broken (never ready); {@code crash} makes
 * it roll out and answer health but log the same stack trace over and over; {@code unsteady} makes its pods' CPU
 * swing in the metrics API.
 */
enum ScenarioOption {
  pass,
  fail,
  crash,
  unsteady
}
