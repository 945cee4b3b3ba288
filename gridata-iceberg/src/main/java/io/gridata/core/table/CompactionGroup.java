package io.gridata.core.table;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One group of small data files of one partition that compaction rewrites together.
 *
 * @param partition the partition as Iceberg writes it in paths (for example {@code
 *     order_ts_month=2026-11}), empty for an unpartitioned table
 * @param dataFiles locations of the data files in the group
 * @param inputBytes their total size
 * @param inputRecords their total record count (before deletes)
 * @param expectedOutputFiles how many files the group should become at the target size
 * @param hasDeletes whether delete files apply to any of them (such groups are skipped, see {@link
 *     Compaction})
 */
public record CompactionGroup(
    String partition,
    List<String> dataFiles,
    long inputBytes,
    long inputRecords,
    int expectedOutputFiles,
    boolean hasDeletes) {

  /** Validates and copies. */
  public CompactionGroup {
    requireNonNull(partition, "partition is null");
    dataFiles = List.copyOf(requireNonNull(dataFiles, "dataFiles is null"));
  }
}
