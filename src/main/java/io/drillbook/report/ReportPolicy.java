package io.drillbook.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * What a target must show in a period to be compliant.
 *
 * <p>A target is NON-COMPLIANT when a cadence gap exceeds {@code cadenceDays + cadenceGraceDays}, when the
 * share of measured runs within their objective is below {@code minObjectiveAttainment}, when it has no PASS
 * at all, or (with {@code requireFollowUpForFail}) when a FAIL has no {@code followUpIssue}. It is AT RISK
 * when a gap exceeds {@code cadenceDays} but stays within the grace, when some runs are over the objective
 * but attainment still meets the minimum, when evidence is incomplete, when follow-ups are still open or when
 * scheduled runs were MISSED.
 *
 * @param cadenceDays longest allowed interval, in days, between consecutive PASSes (and from period start to
 *     the first PASS, and from the last PASS to period end)
 * @param cadenceGraceDays how many days beyond the cadence a gap only puts the target AT RISK
 * @param minObjectiveAttainment minimum share (0..1) of measured runs that recovered within the objective
 * @param requireFollowUpForFail whether every FAIL must carry a {@code followUpIssue} fact
 */
public record ReportPolicy(
    int cadenceDays, int cadenceGraceDays, double minObjectiveAttainment, boolean requireFollowUpForFail) {

  /** Keys {@link #load} accepts. */
  public static final List<String> KEYS =
      List.of("cadenceDays", "cadenceGraceDays", "minObjectiveAttainment", "requireFollowUpForFail");

  public ReportPolicy {
    if (cadenceDays < 1) {
      throw new IllegalArgumentException("cadenceDays must be at least 1, got " + cadenceDays);
    }
    if (cadenceGraceDays < 0) {
      throw new IllegalArgumentException("cadenceGraceDays must not be negative, got " + cadenceGraceDays);
    }
    if (!(minObjectiveAttainment >= 0 && minObjectiveAttainment <= 1)) {
      throw new IllegalArgumentException(
          "minObjectiveAttainment must be between 0 and 1, got " + minObjectiveAttainment);
    }
  }

  /** A PASS at least every 7 days (3 days of grace before NON-COMPLIANT), 90 % within objective, FAILs followed up. */
  public static ReportPolicy defaults() {
    return new ReportPolicy(7, 3, 0.9, true);
  }

  /**
   * Reads a policy from a YAML mapping; absent keys keep their {@link #defaults()}.
   *
   * @throws ReportPolicyException naming file, line and key for unknown keys, wrong types or bad values
   * @throws IOException if the file cannot be read
   */
  public static ReportPolicy load(Path yaml) throws IOException {
    Node root;
    try (Reader reader = Files.newBufferedReader(yaml, StandardCharsets.UTF_8)) {
      root = new Yaml(new LoaderOptions()).compose(reader);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new ReportPolicyException(yaml, line, null, "not valid YAML: " + e.getProblem());
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      // SnakeYAML wraps the reader's MalformedInputException: the bytes are not UTF-8 (a binary file, say).
      throw new ReportPolicyException(yaml, 0, null, "not UTF-8 YAML text");
    }
    ReportPolicy d = defaults();
    if (root == null) {
      return d;
    }
    if (!(root instanceof MappingNode mapping)) {
      throw new ReportPolicyException(yaml, line(root), null, "expected a mapping of policy keys");
    }
    int cadence = d.cadenceDays();
    int grace = d.cadenceGraceDays();
    double attainment = d.minObjectiveAttainment();
    boolean followUp = d.requireFollowUpForFail();
    Set<String> seen = new HashSet<>();
    for (NodeTuple t : mapping.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode keyNode)) {
        throw new ReportPolicyException(yaml, line(t.getKeyNode()), null, "keys must be plain names");
      }
      String key = keyNode.getValue();
      int line = line(keyNode);
      if (!KEYS.contains(key)) {
        throw new ReportPolicyException(yaml, line, key, "unknown key (known: " + String.join(", ", KEYS) + ")");
      }
      if (!seen.add(key)) {
        throw new ReportPolicyException(yaml, line, key, "given twice");
      }
      if (!(t.getValueNode() instanceof ScalarNode valueNode)) {
        throw new ReportPolicyException(yaml, line(t.getValueNode()), key, "expected a single value");
      }
      String value = valueNode.getValue().trim();
      int valueLine = line(valueNode);
      switch (key) {
        case "cadenceDays" -> cadence = integer(yaml, valueLine, key, value, 1);
        case "cadenceGraceDays" -> grace = integer(yaml, valueLine, key, value, 0);
        case "minObjectiveAttainment" -> attainment = share(yaml, valueLine, key, value);
        case "requireFollowUpForFail" -> followUp = bool(yaml, valueLine, key, value);
        default -> throw new IllegalStateException(key);
      }
    }
    return new ReportPolicy(cadence, grace, attainment, followUp);
  }

  private static int line(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  private static int integer(Path file, int line, String key, String value, int min) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new ReportPolicyException(file, line, key, "expected a whole number of days, got '" + value + "'");
    }
    if (n < min) {
      throw new ReportPolicyException(file, line, key, "must be at least " + min + ", got " + n);
    }
    return n;
  }

  private static double share(Path file, int line, String key, String value) {
    double d;
    try {
      d = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new ReportPolicyException(file, line, key, "expected a number between 0 and 1, got '" + value + "'");
    }
    if (!(d >= 0 && d <= 1)) {
      throw new ReportPolicyException(file, line, key, "must be between 0 and 1 (e.g. 0.9), got " + value);
    }
    return d;
  }

  private static boolean bool(Path file, int line, String key, String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ReportPolicyException(file, line, key, "expected true or false, got '" + value + "'");
    };
  }
}
