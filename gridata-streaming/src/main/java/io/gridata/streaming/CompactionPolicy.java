package io.gridata.streaming;

/**
 * When a streaming job compacts its tables with Iceberg's own {@code rewriteDataFiles} action (bin
 * packing to the table's target file size, the table's sort order kept): after every {@code
 * everyBatches}-th committed micro-batch. A day of 10-second batches writes 8,640 commits of a few
 * small files each; with the default (every 360 batches, about an hour) the files of each hour are
 * rewritten into files of the target size, so a partition holds a handful of files, not thousands.
 *
 * @param everyBatches compact after every this many batches; 0 never
 * @param minInputFiles a file group is rewritten only when it holds at least this many files
 *     (Iceberg's {@code min-input-files})
 */
public record CompactionPolicy(long everyBatches, int minInputFiles) {
  /** Every 360 batches (an hour of 10-second triggers), groups of at least 5 files. */
  public static final CompactionPolicy DEFAULT = new CompactionPolicy(360, 5);

  /** Never compacts (a separate maintenance job does). */
  public static final CompactionPolicy NONE = new CompactionPolicy(0, 5);

  /** Validates. */
  public CompactionPolicy {
    if (everyBatches < 0) {
      throw new IllegalArgumentException("Invalid everyBatches: " + everyBatches + " (0 = never)");
    }
    if (minInputFiles < 1) {
      throw new IllegalArgumentException("Invalid minInputFiles: " + minInputFiles);
    }
  }

  /** True when the batch {@code batchId} is followed by a compaction. */
  public boolean dueAfter(long batchId) {
    return everyBatches > 0 && (batchId + 1) % everyBatches == 0;
  }
}
