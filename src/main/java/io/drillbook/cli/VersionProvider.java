package io.drillbook.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest (set by the build). */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"drillbook " + (v == null ? "development build" : v)};
  }
}
