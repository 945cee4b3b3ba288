package io.gridata.spark.transform;

/**
 * Columns every ingested dataset carries besides its own: run metadata written to the table, and
 * the working columns of a batch (errors, raw values, the reader's corrupt-record text).
 */
public final class IngestColumns {
  public static final String INGESTED_AT = "_ingested_at";
  public static final String SOURCE_FILE = "_source_file";
  public static final String SOURCE_CHECKSUM = "_source_checksum";
  public static final String RUN_ID = "_run_id";

  /** Raw text of a record the reader could not parse (Spark's permissive mode). */
  public static final String CORRUPT_RECORD = "_corrupt_record";

  /** Reasons a row cannot be made valid; empty for valid rows. */
  public static final String ERRORS = "_errors";

  /** The quarantine table's column of reasons. */
  public static final String REASONS = "_reasons";

  /**
   * Prefix of the raw values as read ({@code _raw_quantity}), kept so quarantined rows show what
   * arrived. Flat string columns rather than one struct: Spark's in-memory cache stores and prunes
   * them column by column, and a column empty for every valid row costs it next to nothing.
   */
  public static final String RAW_PREFIX = "_raw_";

  private IngestColumns() {}

  /** The column keeping {@code name}'s raw value: {@code _raw_<name>}. */
  public static String raw(String name) {
    return RAW_PREFIX + name;
  }
}
