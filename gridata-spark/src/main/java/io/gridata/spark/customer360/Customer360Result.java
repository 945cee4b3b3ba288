package io.gridata.spark.customer360;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What one run of the {@link Customer360Job} did.
 *
 * @param runId the run (every row carries it in {@code _run_id})
 * @param asOf the as-of date (every row carries it in {@code as_of_date})
 * @param outcome published, or refused by the audit
 * @param customersWritten rows staged, one per current customer (published when the outcome is
 *     {@link Outcome#PUBLISHED})
 * @param counts where every input order and event went: orphans and anonymous events included
 * @param branch the staging branch used (gone after publishing or discarding)
 * @param publishedSnapshotId the snapshot {@code main} points at after publishing, if published
 * @param elapsed wall time of the run
 */
public record Customer360Result(
    String runId,
    LocalDate asOf,
    Outcome outcome,
    long customersWritten,
    Customer360Counts counts,
    String branch,
    Optional<Long> publishedSnapshotId,
    Duration elapsed) {

  /** How a run ended. */
  public enum Outcome {
    /** The rows replaced the table's content in one commit on {@code main}. */
    PUBLISHED,
    /** The audit refused the staged rows: branch dropped, {@code main} untouched. */
    AUDIT_FAILED
  }

  /** Validates. */
  public Customer360Result {
    requireNonNull(runId, "runId is null");
    requireNonNull(asOf, "asOf is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(counts, "counts is null");
    requireNonNull(branch, "branch is null");
    requireNonNull(publishedSnapshotId, "publishedSnapshotId is null");
    requireNonNull(elapsed, "elapsed is null");
  }

  /** Orders of customer ids that are not current customers, left out of the rows. */
  public long orphanOrders() {
    return counts.orphanOrders();
  }

  /** Click events without customer_id. */
  public long anonymousEvents() {
    return counts.anonymousEvents();
  }

  /** Distinct session ids among the anonymous events. */
  public long anonymousSessions() {
    return counts.anonymousSessions();
  }
}
