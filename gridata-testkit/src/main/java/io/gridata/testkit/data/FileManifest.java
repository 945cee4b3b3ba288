package io.gridata.testkit.data;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one generated file holds and what a correct pipeline must make of it. For a file that is not
 * rejected: {@code recordCount == expectedCleanRows + expectedQuarantinedRows() +
 * expectedDuplicates}. A file with a {@link FileDefect} is expected to be rejected whole: its
 * clean, quarantined and duplicate expectations are 0.
 *
 * @param key object key, {@code raw/ecommerce/<dataset>/YYYY-MM-DD/<file>}
 * @param dataset dataset
 * @param format file format
 * @param date partition date, ISO {@code YYYY-MM-DD}
 * @param recordCount records written to the file (0 for EMPTY_FILE; for CORRUPT_PARQUET the records
 *     written before the footer was damaged)
 * @param expectedCleanRows rows expected in the table (distinct ids, after dedup)
 * @param expectedQuarantined rows expected in quarantine, by reason (only non-zero entries)
 * @param expectedDuplicates rows expected to be dropped as duplicates
 * @param fileDefect file-level defect, or null
 * @param fileDefectDetail what exactly is wrong with the file, or null
 * @param rejected whether a correct pipeline rejects the whole file
 * @param sha256 lowercase hex SHA-256 of the file's bytes (the sidecar differs for
 *     CHECKSUM_MISMATCH)
 * @param rowDefects the injected row defects with the affected ids and positions
 */
public record FileManifest(
    String key,
    RawDataset dataset,
    FileFormat format,
    String date,
    int recordCount,
    int expectedCleanRows,
    Map<RowDefect, Integer> expectedQuarantined,
    int expectedDuplicates,
    FileDefect fileDefect,
    String fileDefectDetail,
    boolean rejected,
    String sha256,
    List<InjectedDefect> rowDefects) {

  /** Copies the collections. */
  public FileManifest {
    requireNonNull(key, "key is null");
    requireNonNull(dataset, "dataset is null");
    requireNonNull(format, "format is null");
    requireNonNull(date, "date is null");
    requireNonNull(sha256, "sha256 is null");
    EnumMap<RowDefect, Integer> quarantined = new EnumMap<>(RowDefect.class);
    quarantined.putAll(requireNonNull(expectedQuarantined, "expectedQuarantined is null"));
    expectedQuarantined = Collections.unmodifiableMap(quarantined);
    rowDefects = List.copyOf(requireNonNull(rowDefects, "rowDefects is null"));
  }

  /** Total rows expected in quarantine, all reasons together. */
  public int expectedQuarantinedRows() {
    return expectedQuarantined.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Rows expected in quarantine for {@code reason}, 0 when none. */
  public int expectedQuarantined(RowDefect reason) {
    return expectedQuarantined.getOrDefault(reason, 0);
  }

  /** The injected defect of this kind, if any. */
  public Optional<InjectedDefect> rowDefect(RowDefect defect) {
    return rowDefects.stream().filter(d -> d.defect() == defect).findFirst();
  }

  /** The file name, the last segment of the key. */
  public String fileName() {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  /** The key of the checksum sidecar: {@code <key>.sha256}. */
  public String sidecarKey() {
    return key + ".sha256";
  }
}
