package io.gridata.core.ingest;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which raw files (by content checksum) a table already holds and which runs committed to it. See
 * {@link IcebergLedger} for the implementation derived from the table's snapshots and its exact
 * guarantee.
 */
public interface IngestionLedger {

  /** True when a commit in the ledger's history ingested a file with this SHA-256. */
  default boolean isIngested(String sha256) {
    return ingested(sha256).isPresent();
  }

  /** The ingestion of a file with this SHA-256, if any. */
  Optional<IngestedFile> ingested(String sha256);

  /** True when a commit of {@code runId} is in the ledger's history. */
  boolean runCommitted(String runId);

  /**
   * Splits {@code candidates} into new files, files whose bytes were already ingested (under any
   * name), and same-bytes duplicates within the batch (the first by order wins).
   */
  default IngestionPlan plan(List<SourceFile> candidates) {
    requireNonNull(candidates, "candidates is null");
    List<SourceFile> toIngest = new ArrayList<>();
    List<IngestedFile> already = new ArrayList<>();
    List<SourceFile> duplicates = new ArrayList<>();
    Set<String> batch = new HashSet<>();
    for (SourceFile candidate : candidates) {
      Optional<IngestedFile> previous = ingested(candidate.sha256());
      if (previous.isPresent()) {
        already.add(
            new IngestedFile(
                candidate,
                previous.get().runId(),
                previous.get().snapshotId(),
                previous.get().committedAt()));
      } else if (!batch.add(candidate.sha256())) {
        duplicates.add(candidate);
      } else {
        toIngest.add(candidate);
      }
    }
    return new IngestionPlan(toIngest, already, duplicates);
  }
}
