package io.drillbook.runbook;

/**
 * Something in a runbook that could not be understood, so it was left out rather than guessed.
 *
 * @param line 1-based line, or 0 when it concerns the whole file (for example invalid UTF-8)
 * @param message what was not understood, in one line
 */
public record Problem(int line, String message) {}
