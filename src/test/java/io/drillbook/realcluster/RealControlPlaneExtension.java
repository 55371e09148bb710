package io.drillbook.realcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the one {@link RealControlPlane} of this test JVM, started on first use and stopped when the JVM's tests
 * are done (JUnit's root store). Its directory lives under {@code target/} so a failed run leaves the audit log and
 * the control plane's own log behind to read.
 */
public final class RealControlPlaneExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealControlPlaneExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RealControlPlane.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent("plane", key -> new Stopper(RealControlPlane.start(freshDirectory())), Stopper.class).plane;
  }

  private static Path freshDirectory() {
    try {
      Path parent = Files.createDirectories(Path.of("target", "realcluster").toAbsolutePath());
      return Files.createTempDirectory(parent, "plane-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Stopper(RealControlPlane plane) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws InterruptedException {
      plane.close();
    }
  }
}
