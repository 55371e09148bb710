package io.drillbook.drill;

/**
 * The answer to one undo request.
 *
 * @param skipped true when the current template already matched the revision, so nothing was sent
 * @param message kubectl-style message, e.g. {@code rolled back} or {@code skipped rollback (...)}
 */
public record UndoResult(boolean skipped, String message) {}
