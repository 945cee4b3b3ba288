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
 * column of a single aggregation (one pass, no shuffle); the key rules on one set of columns share
 * one aggregation by key (one pass, one shuffle), to which each {@link Rule.References} rule on
 * those columns adds a join with its reference table's distinct keys. A failed rule costs one more
 * read to sample its failing keys (for a key rule, its keyed aggregation again), which stops once
 * the sample cap is reached.
 *
 * @param aggregateRules rules answered by the single aggregation (rule names)
 * @param keyPasses one entry per key set: the columns, and the key rules answered by that pass
 */
public record SuitePlan(List<String> aggregateRules, Map<List<String>, List<String>> keyPasses) {
  /** Copies. */
  public SuitePlan {
    aggregateRules = List.copyOf(aggregateRules);
    keyPasses = Collections.unmodifiableMap(new LinkedHashMap<>(keyPasses));
  }

  /** Passes over the batch when every rule passes: one aggregation plus one per key set. */
  public int passes() {
    return 1 + keyPasses.size();
  }

  /**
   * Shuffles of the batch: one per key set (the single aggregation needs none; the distinct keys of
   * a referenced table are a shuffle of that table, not counted here).
   */
  public int shuffles() {
    return keyPasses.size();
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
    int n = 2;
    for (Map.Entry<List<String>, List<String>> pass : keyPasses.entrySet()) {
      text.append(
          String.format(
              Locale.ROOT,
              "  pass %d: aggregation by %s, one shuffle: %s%n",
              n++,
              pass.getKey(),
              pass.getValue()));
    }
    return text.toString();
  }
}
