package io.gridata.spark.write;

import static java.util.Objects.requireNonNull;

/**
 * Physical layout of a Gridata table: Parquet with zstd, files sized to a target, rows distributed
 * by partition before writing (so a day's rows become a few files per partition, not one per task
 * and partition) and sorted within each file.
 *
 * @param partitionBy Spark SQL partition transform, e.g. {@code months(order_ts)}; empty for an
 *     unpartitioned table
 * @param localSortBy comma-separated sort columns within a file, e.g. {@code order_ts}; empty for
 *     none
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

  /** {@code PARTITIONED BY (...)} with a leading space, or empty when unpartitioned. */
  public String partitionClause() {
    return partitionBy.isBlank() ? "" : " PARTITIONED BY (" + partitionBy + ")";
  }

  /**
   * The {@code TBLPROPERTIES} of a Gridata table: format v2, Parquet with zstd, the target file
   * size, hash distribution, and write-audit-publish enabled (staged writes go to branches).
   */
  public String tableProperties() {
    return String.join(
        ", ",
        "'format-version'='2'",
        "'write.format.default'='parquet'",
        "'write.parquet.compression-codec'='zstd'",
        "'write.target-file-size-bytes'='" + targetFileSizeBytes + "'",
        "'write.distribution-mode'='hash'",
        "'write.wap.enabled'='true'");
  }
}
