package io.gridata.core.table;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Which small files {@link Compaction} would rewrite, computed by Iceberg's own {@code
 * BinPackRewriteFilePlanner} (the planner behind Spark's {@code rewriteDataFiles}).
 *
 * @param snapshotId the snapshot the plan was made on, or {@code null} for an empty table
 * @param groups the file groups, in Iceberg's rewrite job order
 */
public record CompactionPlan(Long snapshotId, List<CompactionGroup> groups) {

  /** Validates and copies. */
  public CompactionPlan {
    groups = List.copyOf(requireNonNull(groups, "groups is null"));
  }

  /** Total number of data files the plan would rewrite. */
  public int dataFileCount() {
    return groups.stream().mapToInt(group -> group.dataFiles().size()).sum();
  }
}
