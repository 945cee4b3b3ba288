package io.gridata.core.ingest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.core.GridataException;
import io.gridata.core.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What one Iceberg commit ingested: the run and its source files. Written into the snapshot summary
 * with {@link #toSummary()} (the Spark writer passes it to {@code SnapshotUpdate.set(key, value)}
 * or the {@code snapshot-property.*} write options) and read back with {@link #fromSummary(Map)}.
 *
 * @param runId the run making the commit
 * @param files the source files, each once by checksum
 */
public record IngestionCommit(String runId, List<SourceFile> files) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Validates the values and copies the list. */
  public IngestionCommit {
    requireNonNull(runId, "runId is null");
    InvalidInputException.check(!runId.isBlank(), "Invalid ingestion commit: runId is blank");
    InvalidInputException.check(
        runId.indexOf(',') < 0, "Invalid run id '%s': commas are not allowed", runId);
    files = List.copyOf(requireNonNull(files, "files is null"));
  }

  /** The commit of {@code runId} ingesting {@code files}. */
  public static IngestionCommit of(String runId, List<SourceFile> files) {
    return new IngestionCommit(runId, files);
  }

  /** {@link SnapshotSummaryKeys#SOURCE_DIGEST} of this commit's checksums. */
  public String sourceDigest() {
    return digest(files.stream().map(SourceFile::sha256).toList());
  }

  /**
   * The digest of a set of checksums: SHA-256 over the sorted, distinct, lower-case hex checksums,
   * each followed by {@code \n}.
   */
  public static String digest(Collection<String> checksums) {
    requireNonNull(checksums, "checksums is null");
    TreeSet<String> sorted = new TreeSet<>();
    for (String checksum : checksums) {
      sorted.add(checksum.toLowerCase(Locale.ROOT));
    }
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String checksum : sorted) {
        digest.update((checksum + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** The snapshot-summary entries of this commit (keys of {@link SnapshotSummaryKeys}). */
  public Map<String, String> toSummary() {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(SnapshotSummaryKeys.LEDGER_VERSION, SnapshotSummaryKeys.CURRENT_VERSION);
    summary.put(SnapshotSummaryKeys.RUN_ID, runId);
    summary.put(SnapshotSummaryKeys.SOURCE_DIGEST, sourceDigest());
    summary.put(
        SnapshotSummaryKeys.SOURCE_CHECKSUMS,
        String.join(",", files.stream().map(SourceFile::sha256).toList()));
    try {
      summary.put(
          SnapshotSummaryKeys.SOURCE_FILES,
          JSON.writeValueAsString(files.stream().map(SourceFile::path).toList()));
    } catch (IOException e) {
      throw new GridataException(e, "Cannot encode the source files of run %s", runId);
    }
    return Map.copyOf(summary);
  }

  /**
   * Reads a commit back from a snapshot summary; empty when the snapshot was not made by a Gridata
   * ingestion (no {@link SnapshotSummaryKeys#RUN_ID}).
   *
   * @throws GridataException when the keys are present but malformed
   */
  public static Optional<IngestionCommit> fromSummary(Map<String, String> summary) {
    if (summary == null || !summary.containsKey(SnapshotSummaryKeys.RUN_ID)) {
      return Optional.empty();
    }
    String runId = summary.get(SnapshotSummaryKeys.RUN_ID);
    String checksumText = summary.getOrDefault(SnapshotSummaryKeys.SOURCE_CHECKSUMS, "");
    List<String> checksums = new ArrayList<>();
    for (String checksum : checksumText.split(",")) {
      if (!checksum.isBlank()) {
        if (!SourceFile.isChecksum(checksum.strip())) {
          throw new GridataException(
              "Cannot read ingestion commit of run %s: '%s' in %s is not a SHA-256",
              runId, checksum, SnapshotSummaryKeys.SOURCE_CHECKSUMS);
        }
        checksums.add(checksum.strip());
      }
    }
    List<String> paths = List.of();
    String pathsText = summary.get(SnapshotSummaryKeys.SOURCE_FILES);
    if (pathsText != null && !pathsText.isBlank()) {
      try {
        paths = JSON.readValue(pathsText, new TypeReference<List<String>>() {});
      } catch (IOException e) {
        throw new GridataException(
            e,
            "Cannot read ingestion commit of run %s: %s is not a JSON array of strings",
            runId,
            SnapshotSummaryKeys.SOURCE_FILES);
      }
    }
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < checksums.size(); i++) {
      String path = i < paths.size() ? paths.get(i) : "unknown";
      files.add(new SourceFile(path, checksums.get(i)));
    }
    return Optional.of(new IngestionCommit(runId, files));
  }
}
