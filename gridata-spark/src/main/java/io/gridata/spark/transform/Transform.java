package io.gridata.spark.transform;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One small, testable step over a {@code Dataset<Row>}. Transforms only build Spark plans: nothing
 * runs until an action (a write, a count) executes the composed plan.
 */
@FunctionalInterface
public interface Transform {

  /** Returns the plan of this step applied to {@code input}. */
  Dataset<Row> apply(Dataset<Row> input);

  /** This step followed by {@code next}. */
  default Transform andThen(Transform next) {
    requireNonNull(next, "next is null");
    return input -> next.apply(apply(input));
  }
}
