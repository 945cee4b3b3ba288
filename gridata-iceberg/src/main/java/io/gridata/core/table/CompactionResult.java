package io.gridata.core.table;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of {@link Compaction#commit()}.
 *
 * @param snapshotId the {@code replace} snapshot committed, or {@code null} when there was nothing
 *     to rewrite
 * @param rewrittenDataFiles data files replaced
 * @param addedDataFiles data files written in their place
 * @param rewrittenBytes size of the replaced files
 * @param addedBytes size of the new files
 * @param records records rewritten (equal before and after: compaction never changes rows)
 * @param skippedGroups groups left alone because delete files apply to them
 */
public record CompactionResult(
    Long snapshotId,
    int rewrittenDataFiles,
    int addedDataFiles,
    long rewrittenBytes,
    long addedBytes,
    long records,
    List<CompactionGroup> skippedGroups) {

  /** Validates and copies. */
  public CompactionResult {
    skippedGroups = List.copyOf(requireNonNull(skippedGroups, "skippedGroups is null"));
  }
}
