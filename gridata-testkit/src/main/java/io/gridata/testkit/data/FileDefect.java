package io.gridata.testkit.data;

/**
 * File-level defects: a correct pipeline rejects the whole file and ingests none of its rows. A
 * file with a file-level defect carries no row-level defects.
 */
public enum FileDefect {
  /**
   * A required column is renamed: the id column ({@code order_id}, {@code customer_id}, {@code
   * event_id}) loses its underscore, e.g. {@code orderid}, in the CSV header, the JSON keys or the
   * Parquet schema.
   */
  WRONG_HEADER,
  /** The file has 0 bytes. */
  EMPTY_FILE,
  /** A Parquet file whose footer is cut in half (no trailing magic). Parquet only. */
  CORRUPT_PARQUET,
  /** The file is intact but its {@code .sha256} sidecar names a different digest. */
  CHECKSUM_MISMATCH
}
