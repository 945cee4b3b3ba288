package io.gridata.spark.customer360;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * A Customer 360 run staged on its branch, handed to the audit before publishing.
 *
 * @param runId the run
 * @param asOf the as-of date of the rows
 * @param branchTable Spark name of the staged rows ({@code table.`branch_<branch>`}): read it to
 *     audit them, e.g. with gridata-quality's {@code QualitySuites.customer360()}
 * @param customersWritten rows staged, one per current customer
 * @param counts where every input order and event went
 */
public record StagedCustomer360(
    String runId,
    LocalDate asOf,
    String branchTable,
    long customersWritten,
    Customer360Counts counts) {

  /** Validates. */
  public StagedCustomer360 {
    requireNonNull(runId, "runId is null");
    requireNonNull(asOf, "asOf is null");
    requireNonNull(branchTable, "branchTable is null");
    requireNonNull(counts, "counts is null");
  }
}
