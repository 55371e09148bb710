package io.drillbook.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The top-level {@code safety} section.
 *
 * @param productionPatterns a target whose namespace, context, cluster or environment matches any of these (found
 *     anywhere in the value, case-insensitively) is treated as production
 */
public record SafetyConfig(List<Pattern> productionPatterns) {

  /** {@code prod} or {@code production} not adjoined by another letter: {@code eu-prod-1}, not {@code product}. */
  public static final Pattern DEFAULT_PRODUCTION_PATTERN =
      Pattern.compile("(?<![a-z])prod(uction)?(?![a-z])", Pattern.CASE_INSENSITIVE);

  public static final SafetyConfig DEFAULT = new SafetyConfig(List.of(DEFAULT_PRODUCTION_PATTERN));

  public SafetyConfig {
    productionPatterns = List.copyOf(productionPatterns);
    if (productionPatterns.isEmpty()) {
      throw new IllegalArgumentException("'productionPatterns' must not be empty");
    }
  }
}
