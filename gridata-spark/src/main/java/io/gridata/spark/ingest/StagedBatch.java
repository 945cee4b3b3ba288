package io.gridata.spark.ingest;

import static java.util.Objects.requireNonNull;

import io.gridata.core.ingest.BatchCounts;

/**
 * A batch staged on branches, handed to the audit before publishing.
 *
 * @param runId the run
 * @param branchTable Spark name of the staged target rows ({@code table.branch_<branch>})
 * @param quarantineBranchTable Spark name of the staged quarantine rows
 * @param rowsRead records read
 * @param rowsWritten rows staged into the target table
 * @param rowsQuarantined rows staged into quarantine
 * @param duplicatesDropped duplicates dropped
 */
public record StagedBatch(
    String runId,
    String branchTable,
    String quarantineBranchTable,
    long rowsRead,
    long rowsWritten,
    long rowsQuarantined,
    long duplicatesDropped) {
  /** Validates. */
  public StagedBatch {
    requireNonNull(runId, "runId is null");
    requireNonNull(branchTable, "branchTable is null");
    requireNonNull(quarantineBranchTable, "quarantineBranchTable is null");
  }

  /** The staged rows' counts. */
  public BatchCounts counts() {
    return new BatchCounts(rowsRead, rowsWritten, rowsQuarantined, duplicatesDropped);
  }
}
