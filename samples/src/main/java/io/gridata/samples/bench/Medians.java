package io.gridata.samples.bench;

import java.util.ArrayList;
import java.util.List;

/** The statistic the benchmarks report: the median of a way's runs. */
final class Medians {
  private Medians() {}

  /** The middle value, or the mean of the two middle values of an even count. */
  static double of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("No values to take the median of");
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
