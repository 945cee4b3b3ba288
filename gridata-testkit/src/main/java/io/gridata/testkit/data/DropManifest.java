package io.gridata.testkit.data;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * What a drop (a batch of generated files) holds and what a correct pipeline must make of it. It is
 * written as JSON to {@link #key()}, outside the {@code raw/} tree so it is never ingested.
 *
 * <p>Row accounting: over the files that are not rejected, {@code records == clean + quarantined +
 * duplicates}.
 *
 * @param dropId the drop's name, used in the manifest key
 * @param seed the generator seed
 * @param customerPool customer ids {@code CUST-00001..CUST-<pool>} that orders and clickstream
 *     reference
 * @param files one entry per generated data file, in generation order
 */
public record DropManifest(String dropId, long seed, int customerPool, List<FileManifest> files) {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** Copies the file list. */
  public DropManifest {
    requireNonNull(dropId, "dropId is null");
    files = List.copyOf(requireNonNull(files, "files is null"));
  }

  /**
   * Where the manifest of drop {@code dropId} is written: {@code manifests/ecommerce/<id>.json}.
   */
  public static String keyFor(String dropId) {
    return "manifests/" + RawDataset.DOMAIN + "/" + dropId + ".json";
  }

  /** This manifest's key, {@link #keyFor(String)}. */
  public String key() {
    return keyFor(dropId);
  }

  /** The files of one dataset, in generation order. */
  public List<FileManifest> files(RawDataset dataset) {
    return files.stream().filter(f -> f.dataset() == dataset).toList();
  }

  /** The manifest of the file with this key. */
  public FileManifest file(String key) {
    return files.stream()
        .filter(f -> f.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("No file " + key + " in drop " + dropId));
  }

  /** Files a correct pipeline rejects whole. */
  public List<FileManifest> rejectedFiles() {
    return files.stream().filter(FileManifest::rejected).toList();
  }

  /** Files a correct pipeline accepts (some rows may still be quarantined). */
  public List<FileManifest> acceptedFiles() {
    return files.stream().filter(f -> !f.rejected()).toList();
  }

  /** Records in the accepted files of {@code dataset}. */
  public long acceptedRecords(RawDataset dataset) {
    return files(dataset).stream()
        .filter(f -> !f.rejected())
        .mapToLong(FileManifest::recordCount)
        .sum();
  }

  /** Rows of {@code dataset} expected in the table. */
  public long expectedCleanRows(RawDataset dataset) {
    return files(dataset).stream().mapToLong(FileManifest::expectedCleanRows).sum();
  }

  /** Rows of {@code dataset} expected in quarantine, all reasons. */
  public long expectedQuarantinedRows(RawDataset dataset) {
    return files(dataset).stream().mapToLong(FileManifest::expectedQuarantinedRows).sum();
  }

  /** Rows of {@code dataset} expected in quarantine, by reason (non-zero entries only). */
  public Map<RowDefect, Long> expectedQuarantined(RawDataset dataset) {
    Map<RowDefect, Long> sums = new EnumMap<>(RowDefect.class);
    for (FileManifest f : files(dataset)) {
      f.expectedQuarantined().forEach((k, v) -> sums.merge(k, (long) v, Long::sum));
    }
    return sums;
  }

  /** Rows of {@code dataset} expected to be dropped as duplicates. */
  public long expectedDuplicates(RawDataset dataset) {
    return files(dataset).stream().mapToLong(FileManifest::expectedDuplicates).sum();
  }

  /** The manifest as indented JSON (deterministic: same drop, same bytes). */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot serialize drop manifest " + dropId, e);
    }
  }

  /** Reads a manifest written by {@link #toJson()}. */
  public static DropManifest fromJson(String json) {
    requireNonNull(json, "json is null");
    try {
      return JSON.readValue(json, DropManifest.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot parse drop manifest: " + e.getOriginalMessage(), e);
    }
  }
}
