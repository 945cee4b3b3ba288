package io.gridata.core.ingest;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Which candidate files a run should ingest.
 *
 * @param toIngest files whose bytes the table does not hold yet, each checksum once
 * @param alreadyIngested candidates whose bytes were ingested before (by any name), with the commit
 *     that did it
 * @param duplicates candidates skipped because another candidate in the same batch has the same
 *     bytes
 */
public record IngestionPlan(
    List<SourceFile> toIngest, List<IngestedFile> alreadyIngested, List<SourceFile> duplicates) {
  /** Copies the lists. */
  public IngestionPlan {
    toIngest = List.copyOf(requireNonNull(toIngest, "toIngest is null"));
    alreadyIngested = List.copyOf(requireNonNull(alreadyIngested, "alreadyIngested is null"));
    duplicates = List.copyOf(requireNonNull(duplicates, "duplicates is null"));
  }

  /** True when there is nothing new to ingest. */
  public boolean isEmpty() {
    return toIngest.isEmpty();
  }
}
