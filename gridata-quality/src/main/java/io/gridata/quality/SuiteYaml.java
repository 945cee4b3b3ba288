package io.gridata.quality;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a {@link QualitySuite} from YAML. The format ({@code suite} and {@code rules} required, a
 * rule's other fields as its kind needs them; {@code severity} defaults to {@code error}, {@code
 * action} to {@code fail}, fractions to 0, {@code quantile} to 0.5):
 *
 * <pre>{@code
 * suite: orders
 * key_columns: [order_id]
 * rules:
 *   - {name: has_rows, kind: row_count, min: 1}
 *   - {name: customer_known, kind: completeness, column: customer_id}
 *   - {name: total_in_range, kind: range, column: total_amount, min: 0, max: 1000000}
 *   - {name: status_known, kind: allowed_values, column: status, values: [PAID, SHIPPED]}
 *   - {name: currency_code, kind: matches, column: currency, regex: '^[A-Z]{3}$', action: quarantine}
 *   - {name: total_adds_up, kind: predicate, sql: 'total_amount >= 0', severity: warn}
 *   - {name: total_mean, kind: statistic, column: total_amount, measure: mean, min: 1, max: 5000}
 *   - {name: order_id_unique, kind: unique, columns: [order_id], max_duplicate_fraction: 0.01}
 *   - {name: customer_exists, kind: references, columns: [customer_id],
 *      table: gridata.ecommerce.customers, severity: warn}
 *   - {name: few_quarantined, kind: batch_ratio, numerator: rows_quarantined,
 *      denominator: rows_read, max: 0.05}
 *   - {name: steady_volume, kind: row_count_change, last_runs: 7, max_change: 0.5, severity: warn}
 *   - {name: usual_mean, kind: anomaly, metric: mean, column: total_amount, last_runs: 10,
 *      min_runs: 3, max_z_score: 3, severity: warn}
 * }</pre>
 *
 * <p>Defaults besides the above: {@code last_runs} 7, {@code min_runs} 3 (at most {@code
 * last_runs}), {@code max_z_score} 3; an anomaly's {@code metric} is {@code row_count} (no column)
 * or a statistic measure of {@code column}.
 *
 * <p>Every mistake (unknown field or kind, wrong type, missing field, bad bounds, invalid regex) is
 * a {@link QualityConfigException} naming the source, the line and column, the rule and the field.
 */
public final class SuiteYaml {
  private static final Map<String, List<String>> FIELDS = new LinkedHashMap<>();

  static {
    FIELDS.put("row_count", List.of("min", "max"));
    FIELDS.put("completeness", List.of("column", "max_null_fraction"));
    FIELDS.put("statistic", List.of("column", "measure", "quantile", "min", "max"));
    FIELDS.put("range", List.of("column", "min", "max", "action"));
    FIELDS.put("allowed_values", List.of("column", "values", "action"));
    FIELDS.put("matches", List.of("column", "regex", "action"));
    FIELDS.put("predicate", List.of("sql", "action"));
    FIELDS.put("unique", List.of("columns", "max_duplicate_fraction"));
    FIELDS.put(
        "references", List.of("columns", "table", "reference_columns", "max_orphan_fraction"));
    FIELDS.put("batch_ratio", List.of("numerator", "denominator", "max"));
    FIELDS.put("row_count_change", List.of("last_runs", "max_change"));
    FIELDS.put(
        "anomaly", List.of("metric", "column", "quantile", "last_runs", "min_runs", "max_z_score"));
  }

  private static final Set<String> COMMON = Set.of("name", "kind", "severity");

  private final String source;

  private SuiteYaml(String source) {
    this.source = source;
  }

  /** Reads the suite in file {@code path}. */
  public static QualitySuite load(Path path) {
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return parse(path.toString(), reader);
    } catch (IOException e) {
      throw new QualityConfigException(
          "Cannot read quality suite %s: %s; check the path", path, e.getMessage());
    }
  }

  /** Reads the suite on the class path at {@code resource} (as {@code ClassLoader} resolves it). */
  public static QualitySuite resource(String resource) {
    requireNonNull(resource, "resource is null");
    InputStream in = SuiteYaml.class.getClassLoader().getResourceAsStream(resource);
    QualityConfigException.check(in != null, "Cannot find quality suite resource %s", resource);
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return parse(resource, reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the suite in {@code yaml}; {@code source} names it in error messages. */
  public static QualitySuite parse(String source, String yaml) {
    return parse(source, new StringReader(yaml));
  }

  /** Reads the suite from {@code reader}; {@code source} names it in error messages. */
  public static QualitySuite parse(String source, Reader reader) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(reader);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark();
      throw new QualityConfigException(
          "Cannot load quality suite %s: line %d, column %d: %s; this is not valid YAML",
          source,
          mark == null ? 0 : mark.getLine() + 1,
          mark == null ? 0 : mark.getColumn() + 1,
          e.getProblem());
    } catch (YAMLException e) {
      throw new QualityConfigException(
          "Cannot load quality suite %s: %s; this is not valid YAML", source, e.getMessage());
    }
    return new SuiteYaml(source).suite(root);
  }

  private QualitySuite suite(Node root) {
    if (root == null) {
      throw new QualityConfigException("Cannot load quality suite %s: the file is empty", source);
    }
    Map<String, Node> top = mapping(root, "the suite", List.of("suite", "key_columns", "rules"));
    String name = top.containsKey("suite") ? scalar(top.get("suite"), "suite") : null;
    if (name == null) {
      throw error(root, "the suite has no 'suite' name");
    }
    List<String> keys =
        top.containsKey("key_columns") ? strings(top.get("key_columns"), "key_columns") : List.of();
    Node rulesNode = top.get("rules");
    if (!(rulesNode instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
      throw error(rulesNode == null ? root : rulesNode, "'rules' must be a non-empty list");
    }
    List<Rule> rules = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Node node : sequence.getValue()) {
      Rule rule = rule(node);
      if (!names.add(rule.name())) {
        throw error(node, "a second rule is named '" + rule.name() + "'; rename one");
      }
      rules.add(rule);
    }
    return new QualitySuite(name, keys, rules);
  }

  private Rule rule(Node node) {
    Map<String, Node> fields = mapping(node, "a rule", null);
    String name = fields.containsKey("name") ? scalar(fields.get("name"), "name") : null;
    if (name == null) {
      throw error(node, "a rule has no 'name'");
    }
    String where = "rule '" + name + "'";
    Node kindNode = fields.get("kind");
    if (kindNode == null) {
      throw error(node, where + " has no 'kind' (one of " + FIELDS.keySet() + ")");
    }
    String kind = scalar(kindNode, "kind");
    List<String> allowed = FIELDS.get(kind);
    if (allowed == null) {
      throw error(
          kindNode, where + ": unknown kind '" + kind + "' (one of " + FIELDS.keySet() + ")");
    }
    for (NodeTuple tuple : ((MappingNode) node).getValue()) {
      String field = ((ScalarNode) tuple.getKeyNode()).getValue();
      if (!COMMON.contains(field) && !allowed.contains(field)) {
        throw error(
            tuple.getKeyNode(),
            where
                + ": unknown field '"
                + field
                + "' for kind "
                + kind
                + " (known: "
                + allowed
                + ")");
      }
    }
    Fields f = new Fields(where, fields, node);
    Severity severity = f.choice("severity", Severity.class, Severity.ERROR);
    try {
      return switch (kind) {
        case "row_count" -> new Rule.RowCount(name, severity, f.integer("min"), f.integer("max"));
        case "completeness" ->
            new Rule.Completeness(
                name, severity, f.required("column"), f.number("max_null_fraction", 0.0));
        case "statistic" ->
            new Rule.Statistic(
                name,
                severity,
                f.required("column"),
                f.choice("measure", Rule.Measure.class, null),
                f.number("quantile", 0.5),
                f.number("min", null),
                f.number("max", null));
        case "range" ->
            new Rule.Range(
                name,
                severity,
                f.action(),
                f.required("column"),
                f.number("min", null),
                f.number("max", null));
        case "allowed_values" ->
            new Rule.AllowedValues(
                name, severity, f.action(), f.required("column"), Set.copyOf(f.list("values")));
        case "matches" ->
            new Rule.Matches(name, severity, f.action(), f.required("column"), f.required("regex"));
        case "predicate" -> new Rule.Predicate(name, severity, f.action(), f.required("sql"));
        case "unique" ->
            new Rule.Unique(
                name, severity, f.list("columns"), f.number("max_duplicate_fraction", 0.0));
        case "batch_ratio" ->
            new Rule.BatchRatio(
                name,
                severity,
                f.required("numerator"),
                f.required("denominator"),
                f.requiredNumber("max"));
        case "row_count_change" ->
            new Rule.RowCountChange(
                name, severity, f.count("last_runs", 7), f.requiredNumber("max_change"));
        case "anomaly" -> anomaly(name, severity, f, fields);
        default ->
            new Rule.References(
                name,
                severity,
                f.list("columns"),
                f.required("table"),
                fields.containsKey("reference_columns")
                    ? f.list("reference_columns")
                    : f.list("columns"),
                f.number("max_orphan_fraction", 0.0));
      };
    } catch (QualityConfigException e) {
      throw error(node, e.getMessage());
    }
  }

  private Rule.Anomaly anomaly(String name, Severity severity, Fields f, Map<String, Node> fields) {
    String metric = f.required("metric").toLowerCase(Locale.ROOT);
    List<String> metrics = new ArrayList<>(List.of("row_count"));
    for (Rule.Measure m : Rule.Measure.values()) {
      metrics.add(m.name().toLowerCase(Locale.ROOT));
    }
    if (!metrics.contains(metric)) {
      throw error(
          fields.get("metric"),
          f.where + " field 'metric': '" + metric + "' is not one of " + metrics);
    }
    Rule.Measure measure = null;
    String column = null;
    if (!metric.equals("row_count")) {
      measure = f.choice("metric", Rule.Measure.class, null);
      column = f.required("column");
    } else if (fields.containsKey("column")) {
      throw error(fields.get("column"), f.where + ": metric row_count takes no 'column'");
    }
    int lastRuns = f.count("last_runs", 7);
    return new Rule.Anomaly(
        name,
        severity,
        column,
        measure,
        f.number("quantile", 0.5),
        lastRuns,
        f.count("min_runs", Math.min(3, lastRuns)),
        f.number("max_z_score", 3.0));
  }

  /** The fields of one rule, read with errors that point at them. */
  private final class Fields {
    private final String where;
    private final Map<String, Node> fields;
    private final Node rule;

    Fields(String where, Map<String, Node> fields, Node rule) {
      this.where = where;
      this.fields = fields;
      this.rule = rule;
    }

    String required(String field) {
      Node node = fields.get(field);
      if (node == null) {
        throw error(rule, where + " has no '" + field + "'");
      }
      return scalar(node, where + " field '" + field + "'");
    }

    Long integer(String field) {
      return parsed(field, "a whole number", Long::valueOf, null);
    }

    int count(String field, int fallback) {
      return parsed(field, "a whole number", Integer::valueOf, fallback);
    }

    double requiredNumber(String field) {
      Double value = number(field, null);
      if (value == null) {
        throw error(rule, where + " has no '" + field + "'");
      }
      return value;
    }

    Double number(String field, Double fallback) {
      return parsed(field, "a number", Double::valueOf, fallback);
    }

    <E extends Enum<E>> E choice(String field, Class<E> type, E fallback) {
      Node node = fields.get(field);
      if (node == null) {
        if (fallback == null) {
          throw error(rule, where + " has no '" + field + "'");
        }
        return fallback;
      }
      String value = scalar(node, where + " field '" + field + "'");
      try {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        List<String> known = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
          known.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw error(node, where + " field '" + field + "': '" + value + "' is not one of " + known);
      }
    }

    RowAction action() {
      return choice("action", RowAction.class, RowAction.FAIL);
    }

    List<String> list(String field) {
      Node node = fields.get(field);
      if (node == null) {
        throw error(rule, where + " has no '" + field + "'");
      }
      return strings(node, where + " field '" + field + "'");
    }

    private <T> T parsed(String field, String what, Function<String, T> parse, T fallback) {
      Node node = fields.get(field);
      if (node == null) {
        return fallback;
      }
      String value = scalar(node, where + " field '" + field + "'");
      try {
        return parse.apply(value.replace("_", ""));
      } catch (NumberFormatException e) {
        throw error(
            node, where + " field '" + field + "': expected " + what + ", got '" + value + "'");
      }
    }
  }

  private Map<String, Node> mapping(Node node, String what, List<String> known) {
    if (!(node instanceof MappingNode map)) {
      throw error(node, what + " must be a mapping of fields");
    }
    Map<String, Node> fields = new LinkedHashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      String key = scalar(tuple.getKeyNode(), "a field name");
      if (known != null && !known.contains(key)) {
        throw error(
            tuple.getKeyNode(),
            "unknown field '" + key + "' in " + what + " (known: " + known + ")");
      }
      if (fields.put(key, tuple.getValueNode()) != null) {
        throw error(tuple.getKeyNode(), "field '" + key + "' appears twice in " + what);
      }
    }
    return fields;
  }

  private String scalar(Node node, String what) {
    if (!(node instanceof ScalarNode scalar)) {
      throw error(node, what + " must be a single value");
    }
    if (Tag.NULL.equals(scalar.getTag()) || scalar.getValue().isBlank()) {
      throw error(node, what + " is empty");
    }
    return scalar.getValue();
  }

  private List<String> strings(Node node, String what) {
    if (node instanceof ScalarNode scalar) {
      return List.of(scalar.getValue());
    }
    if (!(node instanceof SequenceNode sequence)) {
      throw error(node, what + " must be a value or a list of values");
    }
    List<String> values = new ArrayList<>();
    for (Node item : sequence.getValue()) {
      values.add(scalar(item, what + " item"));
    }
    return values;
  }

  private QualityConfigException error(Node node, String problem) {
    Mark mark = node.getStartMark();
    return new QualityConfigException(
        "Cannot load quality suite %s: line %d, column %d: %s",
        source,
        mark.getLine() + 1,
        mark.getColumn() + 1,
        problem.replace("Cannot define rule ", "rule "));
  }
}
