package io.gridata.pipeline;

import static java.util.Objects.requireNonNull;

import io.gridata.core.run.RunId;
import io.gridata.quality.QualityReport;
import io.gridata.spark.customer360.Customer360Result;
import java.util.Optional;

/**
 * What one {@link Customer360Pipeline} run did.
 *
 * @param runId the run (every row of the table carries it in {@code _run_id})
 * @param result the job's result: outcome, counts, the published snapshot
 * @param quality the gate's report, when the gate ran
 * @param historyError why the report was not recorded in the quality history, when that failed: the
 *     run's outcome stands (the table was published, or left unchanged) either way
 */
public record Customer360Outcome(
    RunId runId,
    Customer360Result result,
    Optional<QualityReport> quality,
    Optional<String> historyError) {

  /** Validates. */
  public Customer360Outcome {
    requireNonNull(runId, "runId is null");
    requireNonNull(result, "result is null");
    requireNonNull(quality, "quality is null");
    requireNonNull(historyError, "historyError is null");
  }

  /** True when the new rows replaced the table's content on {@code main}. */
  public boolean published() {
    return result.outcome() == Customer360Result.Outcome.PUBLISHED;
  }

  /** True when the gate kept the new rows off {@code main} (the table is unchanged). */
  public boolean refused() {
    return result.outcome() == Customer360Result.Outcome.AUDIT_FAILED;
  }

  /** The snapshot {@code main} points at after the publish; empty when refused. */
  public Optional<Long> snapshotId() {
    return result.publishedSnapshotId();
  }
}
