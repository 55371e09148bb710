package io.drillbook.config;

import java.io.Reader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML node that knows its file, line and path, so every binding error names all three.
 *
 * <p>Binding from SnakeYAML's node graph (rather than a data-binding library) keeps the exact line of
 * every key and value, which is what an operator needs to fix a config.
 */
final class ConfigNode {
  private final String file;
  private final String path;
  private final Node node;

  private ConfigNode(String file, String path, Node node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  static ConfigNode parse(String file, Reader reader) throws ConfigException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    options.setCodePointLimit(8 * 1024 * 1024);
    Node root;
    try {
      root = new Yaml(options).compose(reader);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      String problem = e.getProblem() == null ? "not valid YAML" : "not valid YAML: " + e.getProblem();
      throw new ConfigException(file, line, "", oneLine(problem));
    } catch (YAMLException e) {
      throw new ConfigException(file, 0, "", "not valid YAML: " + oneLine(e.getMessage()));
    }
    if (root == null) {
      throw new ConfigException(file, 0, "", "the file is empty; it must declare 'drills:'");
    }
    return new ConfigNode(file, "", root);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }

  int line() {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  String path() {
    return path;
  }

  ConfigException error(String problem) {
    return new ConfigException(file, line(), path, problem);
  }

  /** The keys of this mapping, refusing any key outside {@code allowed} (null: any key) and any duplicate. */
  Map<String, ConfigNode> mapping(Set<String> allowed) throws ConfigException {
    if (!(node instanceof MappingNode mappingNode)) {
      throw error("expected a mapping of keys, found " + describe());
    }
    Map<String, ConfigNode> children = new LinkedHashMap<>();
    for (NodeTuple tuple : mappingNode.getValue()) {
      Node keyNode = tuple.getKeyNode();
      String childPath = path.isEmpty() ? "" : path + ".";
      if (!(keyNode instanceof ScalarNode keyScalar)) {
        throw new ConfigException(file, keyNode.getStartMark().getLine() + 1, path, "keys must be plain names");
      }
      String key = keyScalar.getValue();
      int keyLine = keyNode.getStartMark().getLine() + 1;
      if (allowed != null && !allowed.contains(key)) {
        throw new ConfigException(file, keyLine, childPath + key,
            "unknown key '" + key + "'" + (path.isEmpty() ? "" : " in " + path) + "; expected one of " + sorted(allowed));
      }
      if (children.containsKey(key)) {
        throw new ConfigException(file, keyLine, childPath + key, "duplicate key '" + key + "'");
      }
      children.put(key, new ConfigNode(file, childPath + key, tuple.getValueNode()));
    }
    return children;
  }

  private static String sorted(Set<String> keys) {
    List<String> list = new ArrayList<>(keys);
    list.sort(null);
    return String.join(", ", list);
  }

  List<ConfigNode> list() throws ConfigException {
    if (!(node instanceof SequenceNode seq)) {
      throw error("expected a list, found " + describe());
    }
    List<ConfigNode> items = new ArrayList<>();
    for (int i = 0; i < seq.getValue().size(); i++) {
      items.add(new ConfigNode(file, path + "[" + i + "]", seq.getValue().get(i)));
    }
    return items;
  }

  boolean isNull() {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  String string() throws ConfigException {
    if (!(node instanceof ScalarNode scalar) || isNull()) {
      throw error("expected a text value, found " + describe());
    }
    return scalar.getValue();
  }

  String nonBlank() throws ConfigException {
    String value = string().trim();
    if (value.isEmpty()) {
      throw error("must not be blank");
    }
    return value;
  }

  long integer() throws ConfigException {
    if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.INT)) {
      throw error("expected a whole number, found " + describe());
    }
    try {
      return Long.parseLong(scalar.getValue().replace("_", ""));
    } catch (NumberFormatException e) {
      throw error("expected a whole number, found '" + scalar.getValue() + "'");
    }
  }

  /** A plain decimal number (a whole number too): {@code 0.5}, {@code 1}. */
  double decimal() throws ConfigException {
    if (!(node instanceof ScalarNode scalar)
        || !(scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
      throw error("expected a number, found " + describe());
    }
    try {
      double value = Double.parseDouble(scalar.getValue().replace("_", ""));
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        throw error("expected a finite number, found '" + scalar.getValue() + "'");
      }
      return value;
    } catch (NumberFormatException e) {
      throw error("expected a number, found '" + scalar.getValue() + "'");
    }
  }

  boolean bool() throws ConfigException {
    if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.BOOL)) {
      throw error("expected true or false, found " + describe());
    }
    return Boolean.parseBoolean(scalar.getValue().toLowerCase(java.util.Locale.ROOT));
  }

  Duration duration() throws ConfigException {
    String text = string();
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
    if (d.isZero()) {
      throw error("must be longer than 0s");
    }
    return d;
  }

  private String describe() {
    if (node instanceof MappingNode) return "a mapping";
    if (node instanceof SequenceNode) return "a list";
    if (isNull()) return "no value";
    String v = ((ScalarNode) node).getValue();
    return "'" + (v.length() > 60 ? v.substring(0, 60) + "..." : v) + "'";
  }

  static Set<String> keys(String... keys) {
    return new HashSet<>(List.of(keys));
  }
}
