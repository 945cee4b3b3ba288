package io.gridata.core.table;

/**
 * Keys Gridata writes into an Iceberg snapshot summary (the {@code Map<String, String>} of {@link
 * org.apache.iceberg.Snapshot#summary()}), set by writers with {@code SnapshotUpdate#set(String,
 * String)} or Spark's {@code snapshot-property.<key>} write option.
 */
public final class GridataSummary {

  /** The id of the Gridata run that produced a snapshot: {@value}. */
  public static final String RUN_ID = "gridata.run-id";

  private GridataSummary() {}
}
