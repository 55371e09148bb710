package io.drillbook.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;

/** The kubectl the sandbox tests run: the control plane's ({@code target/testcluster/kubectl}) when built. */
final class KubectlBinary {
  private KubectlBinary() {}

  /** {@code target/testcluster/kubectl} when built, else {@code kubectl} from the PATH. */
  static String path() {
    Path built = Path.of("target/testcluster/kubectl").toAbsolutePath();
    return Files.isExecutable(built) ? built.toString() : "kubectl";
  }
}
