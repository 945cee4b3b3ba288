package io.gridata.spark.write;

/**
 * How a {@link StagedWrite} puts its rows into the staging branch. Every mode is one Iceberg commit
 * on the branch, and publishing is one more (a fast-forward of {@code main}), so readers of {@code
 * main} see the whole batch or none of it.
 */
public enum WriteMode {
  /** Adds the rows; existing rows stay (Iceberg {@code append}). The default. */
  APPEND,

  /**
   * Replaces every partition the rows fall into and keeps the others (Spark's dynamic partition
   * overwrite, Iceberg {@code ReplacePartitions}). Use it when a batch carries all the rows of the
   * partitions it touches, such as a backfill of whole months of a {@code months(ts)} table.
   */
  OVERWRITE_PARTITIONS,

  /**
   * Replaces the whole content of the table with the rows (Iceberg {@code overwrite} of every row):
   * create-or-replace for tables recomputed in full, such as a snapshot-style aggregate. The schema
   * and the history stay; the previous content remains reachable by time travel.
   */
  REPLACE
}
