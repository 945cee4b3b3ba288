package io.gridata.core.ingest;

/**
 * Keys Gridata writes into the summary of every Iceberg snapshot that ingests raw files. The Spark
 * writer sets them on the commit ({@code IngestionCommit.toSummary()}), and {@link IcebergLedger}
 * reads them back: the table is the single source of truth of what was ingested.
 */
public final class SnapshotSummaryKeys {
  /** The run that made the commit, e.g. {@code orders-2026-11-26-7f3a}. */
  public static final String RUN_ID = "gridata.run-id";

  /**
   * The attempt of the run that staged the commit ({@link StagingAttempt#id()}): a run id may be
   * used by several attempts, the attempt tells them apart.
   */
  public static final String ATTEMPT = "gridata.attempt";

  /**
   * Receivers owed a downstream trigger for this commit once it is on {@code main}: their ids,
   * comma-separated ({@code io.gridata.core.trigger.TriggerOutbox}).
   */
  public static final String TRIGGER_OWED = "gridata.trigger.owed";

  /**
   * Hex SHA-256 over the commit's source checksums: the sorted, distinct, lower-case hex checksums,
   * each followed by {@code \n}, hashed as UTF-8. Identifies the input set independent of names.
   */
  public static final String SOURCE_DIGEST = "gridata.source-digest";

  /**
   * The source files' hex SHA-256 checksums, comma-separated, in the order of {@link
   * #SOURCE_FILES}.
   */
  public static final String SOURCE_CHECKSUMS = "gridata.source-checksums";

  /** The source files' zone-relative paths as a JSON array of strings (names may hold commas). */
  public static final String SOURCE_FILES = "gridata.source-files";

  /** Version of this layout; {@value #CURRENT_VERSION} today. */
  public static final String LEDGER_VERSION = "gridata.ledger-version";

  /** The layout version written by this release. */
  public static final String CURRENT_VERSION = "1";

  private SnapshotSummaryKeys() {}
}
