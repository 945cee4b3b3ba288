package io.gridata.streaming;

import static java.util.Objects.requireNonNull;

import java.util.function.BiConsumer;
import org.apache.spark.sql.SparkSession;

/**
 * A running total kept beside a dataset's table: per micro-batch, the valid events' {@code amount}
 * summed per {@code key} and added to the table {@code name} (in the dataset table's namespace) by
 * a MERGE: {@code total = total + sum}, {@code updated_at = greatest(updated_at, latest event
 * time)}, {@code changes_applied = changes_applied + count}, a new key inserted. The target table
 * has the columns {@code <key>}, {@code <total>} bigint, {@code updated_at} timestamp, {@code
 * changes_applied} bigint, {@code _ingested_at} and {@code _run_id}.
 *
 * <p>An additive MERGE is not idempotent by itself: what makes a replayed batch a no-op is the
 * {@link StreamCommits} record of the MERGE's commit, checked before it.
 *
 * @param name the total table's name, resolved in the namespace of the dataset's table
 * @param key the column summed by (the MERGE key)
 * @param amount the integer column summed
 * @param total the target's column the sums are added to
 * @param createTable creates the target table (named in full) if missing
 */
public record AdditiveMerge(
    String name,
    String key,
    String amount,
    String total,
    BiConsumer<SparkSession, String> createTable) {
  /** Validates. */
  public AdditiveMerge {
    requireNonNull(name, "name is null");
    requireNonNull(key, "key is null");
    requireNonNull(amount, "amount is null");
    requireNonNull(total, "total is null");
    requireNonNull(createTable, "createTable is null");
  }

  /** The total table beside {@code table}: {@code <catalog>.<namespace>.<name>}. */
  public String tableBeside(String table) {
    int lastDot = requireNonNull(table, "table is null").lastIndexOf('.');
    if (lastDot <= 0) {
      throw new IllegalArgumentException(
          "Invalid table name " + table + ": expected catalog.namespace.table");
    }
    return table.substring(0, lastDot + 1) + name;
  }
}
