package io.drillbook.drill;

/** Preflight refused the drill; the message says precisely why. Nothing was touched. */
public final class PreflightException extends Exception {
  public PreflightException(String message) {
    super(message);
  }
}
