package io.drillbook.app;

/**
 * How the daemon ended.
 *
 * @param completed false when it gave up waiting for {@code --max-runs} runs
 * @param runs the runs it started
 */
public record Served(boolean completed, int runs) {}
