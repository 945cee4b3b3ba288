package io.gridata.spark.ingest;

import static java.util.Objects.requireNonNull;

import io.gridata.core.ingest.BatchCounts;
import io.gridata.core.rawzone.IgnoredFile;
import io.gridata.core.rawzone.RawPartition;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What one run of an {@code IngestJob} did for one day.
 *
 * @param runId the run
 * @param partition the raw-zone dataset and day processed
 * @param files every file found for the day, with its outcome
 * @param batch the batch result, empty when no file was accepted
 * @param validation time spent validating (and rejecting) files
 * @param elapsed wall time of the whole run
 * @param ignored objects of the day's folder no run reads (leading-dot names, orphan sidecars),
 *     each with what to do
 */
public record IngestJobResult(
    String runId,
    RawPartition partition,
    List<FileOutcome> files,
    Optional<BatchResult> batch,
    Duration validation,
    Duration elapsed,
    List<IgnoredFile> ignored) {

  /** Validates and copies. */
  public IngestJobResult {
    requireNonNull(runId, "runId is null");
    requireNonNull(partition, "partition is null");
    files = List.copyOf(requireNonNull(files, "files is null"));
    requireNonNull(batch, "batch is null");
    requireNonNull(validation, "validation is null");
    requireNonNull(elapsed, "elapsed is null");
    ignored = List.copyOf(requireNonNull(ignored, "ignored is null"));
  }

  /** A result with nothing ignored. */
  public IngestJobResult(
      String runId,
      RawPartition partition,
      List<FileOutcome> files,
      Optional<BatchResult> batch,
      Duration validation,
      Duration elapsed) {
    this(runId, partition, files, batch, validation, elapsed, List.of());
  }

  /** The day processed. */
  public LocalDate date() {
    return partition.date();
  }

  /** Files that passed validation. */
  public long filesAccepted() {
    return count(FileOutcome.Status.ACCEPTED);
  }

  /** Files moved to {@code raw/rejected/}. */
  public long filesRejected() {
    return count(FileOutcome.Status.REJECTED);
  }

  /** Files left for a later run: not settled yet, or changed while they were read. */
  public long filesPending() {
    return count(FileOutcome.Status.UNSETTLED) + count(FileOutcome.Status.CHANGED);
  }

  /** Files skipped as byte-for-byte copies of another file of the day. */
  public long filesDuplicate() {
    return count(FileOutcome.Status.DUPLICATE);
  }

  /** Rows read from accepted files that were not ingested before. */
  public long rowsRead() {
    return batch.map(BatchResult::rowsRead).orElse(0L);
  }

  /** Rows published (or staged, when the audit refused) into the target table. */
  public long rowsWritten() {
    return batch.map(BatchResult::rowsWritten).orElse(0L);
  }

  /** Rows split off into the quarantine table. */
  public long rowsQuarantined() {
    return batch.map(BatchResult::rowsQuarantined).orElse(0L);
  }

  /** Valid rows dropped as duplicates of a later row with the same key. */
  public long duplicatesDropped() {
    return batch.map(BatchResult::duplicatesDropped).orElse(0L);
  }

  /** The run's row counts (all zero when nothing was read). */
  public BatchCounts counts() {
    return batch.map(BatchResult::counts).orElse(new BatchCounts(0, 0, 0, 0));
  }

  /** The snapshot {@code main} points at after publishing, if this run published. */
  public Optional<Long> publishedSnapshotId() {
    return batch.flatMap(BatchResult::publishedSnapshotId);
  }

  /** True when files were found and every one of them was rejected. */
  public boolean allRejected() {
    return !files.isEmpty() && filesRejected() == files.size();
  }

  private long count(FileOutcome.Status status) {
    return files.stream().filter(f -> f.status() == status).count();
  }
}
