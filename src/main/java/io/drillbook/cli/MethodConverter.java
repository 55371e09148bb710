package io.drillbook.cli;

import io.drillbook.config.RollbackMethod;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads the demo's {@code --method} by the names the config uses. */
final class MethodConverter implements ITypeConverter<RollbackMethod> {
  private static final List<RollbackMethod> DEMO_METHODS = List.of(RollbackMethod.KUBERNETES,
      RollbackMethod.GITHUB_ACTIONS, RollbackMethod.HELM);

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
