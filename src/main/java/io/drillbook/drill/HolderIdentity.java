package io.drillbook.drill;

import java.util.OptionalLong;

/**
 * Who holds a drill lock or wrote a marker: {@code <host>/pid-<pid>/<drill id>}, so an operator can find the
 * process, and a process on the same host can tell at once that it is gone.
 *
 * @param host the holder's host name (a pod name in a cluster)
 * @param pid its process id, if the identity names one
 */
public record HolderIdentity(String host, OptionalLong pid) {

  /** Reads the host and pid out of an identity; an identity of another shape has neither. */
  public static HolderIdentity parse(String identity) {
    if (identity == null) {
      return new HolderIdentity("", OptionalLong.empty());
    }
    String[] parts = identity.split("/", 3);
    if (parts.length < 2 || !parts[1].startsWith("pid-")) {
      return new HolderIdentity("", OptionalLong.empty());
    }
    try {
      return new HolderIdentity(parts[0], OptionalLong.of(Long.parseLong(parts[1].substring(4))));
    } catch (NumberFormatException e) {
      return new HolderIdentity(parts[0], OptionalLong.empty());
    }
  }

  /**
   * Whether this holder was a process on the host {@code processes} describes that no longer runs. Host names that
   * several machines share by default ({@code localhost}) never count as this host.
   */
  public boolean goneFrom(LocalProcesses processes) {
    String here = processes.host();
    if (pid.isEmpty() || host.isBlank() || !host.equals(here) || host.equals("localhost")
        || host.equals("unknown-host")) {
      return false;
    }
    return !processes.alive(pid.getAsLong());
  }
}
