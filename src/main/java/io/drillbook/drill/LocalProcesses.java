package io.drillbook.drill;

/** This host's name and its running processes: how a lock holder on the same host is known to be gone at once. */
public interface LocalProcesses {
  String host();

  boolean alive(long pid);

  /** The host named {@code host}, whose processes are the operating system's. */
  static LocalProcesses of(String host) {
    return new LocalProcesses() {
      @Override
      public String host() {
        return host;
      }

      @Override
      public boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      }
    };
  }
}
