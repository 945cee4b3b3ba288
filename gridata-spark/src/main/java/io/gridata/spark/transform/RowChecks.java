package io.gridata.spark.transform;

import org.apache.spark.sql.Column;

/**
 * Checks of its own that a pipeline adds to the orders transforms: rows that are otherwise valid
 * but break one go to quarantine with the check's name as a reason, in the same staged commit set
 * as the table's rows, and count as quarantined. The quality module's row rules with action {@code
 * quarantine} plug in here (see gridata-pipeline's {@code QualityAudit}).
 *
 * <pre>{@code
 * RowChecks bigOrders = () -> when(col("total_amount").gt(10_000), array(lit("big_order")));
 * OrdersJob.builder(spark, zone).rowChecks(bigOrders).build();
 * }</pre>
 */
@FunctionalInterface
public interface RowChecks {
  /**
   * An {@code array<string>} expression over the cleaned order columns (amounts and {@code
   * order_category} included): the names of the checks a row breaks; empty or null when none.
   */
  Column reasons();
}
