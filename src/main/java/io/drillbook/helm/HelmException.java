package io.drillbook.helm;

import io.drillbook.drill.InfrastructureException;

/** The helm CLI could not be run, failed, or answered something drillbook cannot read. One line, no secrets. */
public final class HelmException extends InfrastructureException {
  private final boolean lasting;

  public HelmException(String message) {
    this(message, false);
  }

  /** @param lasting helm answered and refused for a reason that stays (no such release or revision, no permission) */
  public HelmException(String message, boolean lasting) {
    super(message);
    this.lasting = lasting;
  }

  @Override
  public boolean lasting() {
    return lasting;
  }
}
