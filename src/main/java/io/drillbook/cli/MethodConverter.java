package io.drillbook.cli;

import io.drillbook.config.RollbackMethod;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --method} by the names the config uses ({@code kubernetes}, {@code github-actions}). */
final class MethodConverter implements ITypeConverter<RollbackMethod> {
  @Override
  public RollbackMethod convert(String value) {
    for (RollbackMethod m : RollbackMethod.values()) {
      if (m.configName().equals(value)) {
        return m;
      }
    }
    throw new TypeConversionException("'" + value + "' is not a method; expected one of "
        + Arrays.stream(RollbackMethod.values()).map(RollbackMethod::configName).collect(Collectors.joining(", ")));
  }
}
