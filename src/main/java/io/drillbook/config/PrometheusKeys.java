package io.drillbook.config;

import static io.drillbook.config.ConfigValues.absoluteHttpUrl;
import static io.drillbook.config.ConfigValues.path;
import static io.drillbook.config.ConfigValues.present;
import static io.drillbook.config.ConfigValues.required;
import static io.drillbook.config.ConfigValues.resolve;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Reads the top-level {@code prometheus} section that {@code stopWhen.query} asks. */
final class PrometheusKeys {
  private static final Set<String> PROMETHEUS_KEYS = ConfigNode.keys("url", "tokenFile");

  PrometheusConfig prometheus(ConfigNode node, Path baseDir) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(PROMETHEUS_KEYS);
    URI url = absoluteHttpUrl(required(node, keys, "url"));
    Path tokenFile = present(keys, "tokenFile") ? resolve(path(keys.get("tokenFile")), baseDir) : null;
    return new PrometheusConfig(url, tokenFile);
  }
}
