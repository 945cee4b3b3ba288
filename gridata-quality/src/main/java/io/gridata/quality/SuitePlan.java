package io.gridata.quality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * How {@link SuiteEvaluator} reads a batch for a suite. Every aggregate and row-level rule is one
 * column of a single aggregation (one pass, no shuffle). All key rules share a second pass: one
 * aggregation with a grouping set per key set counts the rows per key (Spark expands each row once
 * per set; one shuffle); each {@link Rule.References} rule then joins that grouped result, not the
 * batch, with its reference table's distinct keys. So a suite reads its batch at most twice. A
 * failed rule costs one more read to sample its failing keys (for a key rule, its keyed aggregation
 * again), which stops once the sample cap is reached.
 *
 * @param aggregateRules rules answered by the single aggregation (rule names)
 * @param keyPasses one entry per key set: the columns, and the key rules on them; all key sets are
 *     answered by the same pass
 */
public record SuitePlan(List<String> aggregateRules, Map<List<String>, List<String>> keyPasses) {
  /** Copies. */
  public SuitePlan {
    aggregateRules = List.copyOf(aggregateRules);
    keyPasses = Collections.unmodifiableMap(new LinkedHashMap<>(keyPasses));
  }

  /**
   * Passes over the batch when every rule passes: one aggregation, plus one for all key rules
   * together when there are any.
   */
  public int passes() {
    return keyPasses.isEmpty() ? 1 : 2;
  }

  /**
   * Shuffles of the batch: one when there are key rules, whatever their key sets (the single
   * aggregation needs none; the distinct keys of a referenced table and the join with them shuffle
   * the table and the grouped keys, not the batch, and are not counted here).
   */
  public int shuffles() {
    return keyPasses.isEmpty() ? 0 : 1;
  }

  static SuitePlan of(QualitySuite suite) {
    List<String> aggregate = new ArrayList<>();
    Map<List<String>, List<String>> keyed = new LinkedHashMap<>();
    for (Rule rule : suite.rules()) {
      List<String> keys = keyOf(rule);
      if (keys == null) {
        aggregate.add(rule.name());
      } else {
        keyed.computeIfAbsent(keys, k -> new ArrayList<>()).add(rule.name());
      }
    }
    return new SuitePlan(aggregate, keyed);
  }

  /** The key set a key rule groups by (sorted, so {@code [a, b]} and {@code [b, a]} share). */
  static List<String> keyOf(Rule rule) {
    if (rule instanceof Rule.Unique u) {
      return List.copyOf(new TreeSet<>(u.columns()));
    }
    if (rule instanceof Rule.References r) {
      return List.copyOf(new TreeSet<>(r.columns()));
    }
    return null;
  }

  /** One line per pass, for logs and the CLI. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "%d pass(es), %d shuffle(s)%n", passes(), shuffles()));
    text.append("  pass 1: one aggregation, no shuffle: ").append(aggregateRules).append('\n');
    if (!keyPasses.isEmpty()) {
      text.append(
          String.format(
              Locale.ROOT,
              "  pass 2: one aggregation with a grouping set per key set, one shuffle: %s%n",
              keyPasses));
    }
    return text.toString();
  }
}
