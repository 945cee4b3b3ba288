package io.gridata.spark.write;

import static java.util.Objects.requireNonNull;

/**
 * Physical layout of a Gridata table: Parquet with zstd, files sized to a target, rows distributed
 * by partition before writing (so a day's rows become a few files per partition, not one per task
 * and partition) and sorted within each file.
 *
 * @param partitionBy Spark SQL partition transform, e.g. {@code months(order_ts)}
 * @param localSortBy comma-separated sort columns within a file, e.g. {@code order_ts}
 * @param targetFileSizeBytes Iceberg {@code write.target-file-size-bytes}
 */
public record TableLayout(String partitionBy, String localSortBy, long targetFileSizeBytes) {
  /** 128 MiB, Iceberg's usual target. */
  public static final long DEFAULT_TARGET_FILE_SIZE = 128L * 1024 * 1024;

  /** Validates. */
  public TableLayout {
    requireNonNull(partitionBy, "partitionBy is null");
    requireNonNull(localSortBy, "localSortBy is null");
    if (targetFileSizeBytes <= 0) {
      throw new IllegalArgumentException(
          "Invalid table layout: target file size must be positive (" + targetFileSizeBytes + ")");
    }
  }
}
