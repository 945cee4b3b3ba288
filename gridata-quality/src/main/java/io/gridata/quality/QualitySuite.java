package io.gridata.quality;

import static io.gridata.quality.QualityConfigException.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A named set of rules evaluated together on one batch, plus the key columns that identify a row in
 * reports (samples of failing rows show these).
 *
 * @param name the suite's name (reports and history carry it)
 * @param keyColumns columns identifying a row for samples; empty to sample the rule's own column
 * @param rules the rules, names unique
 */
public record QualitySuite(String name, List<String> keyColumns, List<Rule> rules) {
  /** Validates and copies. */
  public QualitySuite {
    check(name != null && !name.isBlank(), "Cannot define a quality suite without a name");
    keyColumns = List.copyOf(keyColumns == null ? List.of() : keyColumns);
    check(rules != null && !rules.isEmpty(), "Cannot define suite %s: it has no rules", name);
    rules = List.copyOf(rules);
    Set<String> seen = new HashSet<>();
    for (Rule rule : rules) {
      check(
          seen.add(rule.name()),
          "Cannot define suite %s: two rules are named %s; rename one",
          name,
          rule.name());
    }
  }

  /** A suite of {@code rules} without key columns. */
  public static QualitySuite of(String name, Rule... rules) {
    return new QualitySuite(name, List.of(), List.of(rules));
  }

  /**
   * A suite written with {@link Checks}:
   *
   * <pre>{@code
   * QualitySuite suite = QualitySuite.builder("orders").keyColumns("order_id")
   *     .add(Checks.isUnique("order_id"))
   *     .add(Checks.completeness("customer_id").atLeast(0.99).warn())
   *     .build();
   * }</pre>
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Collects the rules of a suite; {@link #build()} validates the whole suite. */
  public static final class Builder {
    private final String name;
    private final List<String> keyColumns = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** Columns identifying a row in samples of failing rows. */
    public Builder keyColumns(String... columns) {
      keyColumns.addAll(List.of(columns));
      return this;
    }

    /** Adds the rule {@code check} builds. */
    public Builder add(CheckBuilder<?> check) {
      rules.add(check.build());
      return this;
    }

    /** Adds {@code rule} as it is. */
    public Builder add(Rule rule) {
      rules.add(Objects.requireNonNull(rule, "rule is null"));
      return this;
    }

    /**
     * The suite.
     *
     * @throws QualityConfigException when it has no rules or two rules share a name
     */
    public QualitySuite build() {
      return new QualitySuite(name, keyColumns, rules);
    }
  }

  /**
   * This suite with its rules replaced or extended by {@code overrides}' rules of the same name.
   */
  public QualitySuite overriddenBy(QualitySuite overrides) {
    List<Rule> merged = new ArrayList<>(rules);
    for (Rule rule : overrides.rules()) {
      int at = -1;
      for (int i = 0; i < merged.size(); i++) {
        if (merged.get(i).name().equals(rule.name())) {
          at = i;
        }
      }
      if (at >= 0) {
        merged.set(at, rule);
      } else {
        merged.add(rule);
      }
    }
    List<String> keys = overrides.keyColumns().isEmpty() ? keyColumns : overrides.keyColumns();
    return new QualitySuite(name, keys, merged);
  }

  /** How evaluating this suite reads the data: passes, and what each computes. */
  public SuitePlan plan() {
    return SuitePlan.of(this);
  }
}
