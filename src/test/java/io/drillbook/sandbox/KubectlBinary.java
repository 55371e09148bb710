package io.drillbook.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The kubectl the sandbox tests run: the control plane's ({@code target/testcluster/kubectl}) when built. */
final class KubectlBinary {
  private KubectlBinary() {}

  /** {@code target/testcluster/kubectl} when built, else {@code kubectl} from the PATH. */
  static String path() {
    Path built = Path.of("target/testcluster/kubectl").toAbsolutePath();
    return Files.isExecutable(built) ? built.toString() : "kubectl";
  }

  /** Whether {@link #path()} runs ({@code kubectl version --client} exits 0). */
  static boolean available() {
    try {
      Process p = new ProcessBuilder(path(), "version", "--client").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
