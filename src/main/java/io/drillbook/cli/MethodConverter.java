package io.drillbook.cli;

import io.drillbook.config.RollbackMethod;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads the demo's {@code --method} by the names the config uses. The demo runs on the embedded sandbox, which has
 * no Helm release storage, so {@code helm} is not one of them.
 */
final class MethodConverter implements ITypeConverter<RollbackMethod> {
  private static final List<RollbackMethod> DEMO_METHODS = List.of(RollbackMethod.KUBERNETES,
      RollbackMethod.GITHUB_ACTIONS);

  @Override
  public RollbackMethod convert(String value) {
    for (RollbackMethod m : DEMO_METHODS) {
      if (m.configName().equals(value)) {
        return m;
      }
    }
    throw new TypeConversionException("'" + value + "' is not a method; expected one of "
        + DEMO_METHODS.stream().map(RollbackMethod::configName).collect(Collectors.joining(", ")));
  }
}
