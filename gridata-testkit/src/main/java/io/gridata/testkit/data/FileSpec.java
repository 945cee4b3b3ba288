package io.gridata.testkit.data;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one generated file holds: dataset, partition date, format, number of base rows and the
 * defects to inject. Build one with {@link #builder(RawDataset, LocalDate)}.
 *
 * <p>{@code rows} counts the base rows (clean plus row-defected); each {@link
 * RowDefect#DUPLICATE_ORDER_ID} adds one extra row, so the file holds {@code rows + duplicates}
 * records.
 *
 * @param dataset which dataset
 * @param date the partition date; the file's key is {@code raw/ecommerce/<dataset>/<date>/<name>}
 * @param format file format
 * @param rows number of base rows, at least 1
 * @param fileName file name (no slash)
 * @param rowDefects injected row defects and their counts (counts > 0)
 * @param fileDefect file-level defect or null
 */
public record FileSpec(
    RawDataset dataset,
    LocalDate date,
    FileFormat format,
    int rows,
    String fileName,
    Map<RowDefect, Integer> rowDefects,
    FileDefect fileDefect) {

  /** Validates the spec eagerly: unknown combinations fail here, not while generating. */
  public FileSpec {
    requireNonNull(dataset, "dataset is null");
    requireNonNull(date, "date is null");
    requireNonNull(format, "format is null");
    requireNonNull(fileName, "fileName is null");
    requireNonNull(rowDefects, "rowDefects is null");
    if (rows < 1) {
      throw new IllegalArgumentException(
          String.format("Cannot create file spec %s: rows must be >= 1 (%d)", fileName, rows));
    }
    if (fileName.isEmpty() || fileName.contains("/") || fileName.endsWith(".sha256")) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot create file spec: invalid file name '%s' (no slash, not *.sha256)",
              fileName));
    }
    EnumMap<RowDefect, Integer> copy = new EnumMap<>(RowDefect.class);
    int injected = 0;
    for (Map.Entry<RowDefect, Integer> e : rowDefects.entrySet()) {
      RowDefect defect = requireNonNull(e.getKey(), "defect is null");
      int count = requireNonNull(e.getValue(), "defect count is null");
      if (count < 0) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot create file spec %s: %s count < 0 (%d)", fileName, defect, count));
      }
      if (count == 0) {
        continue;
      }
      if (!defect.appliesTo(dataset)) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot create file spec %s: defect %s does not apply to dataset %s",
                fileName, defect, dataset));
      }
      copy.put(defect, count);
      injected += count;
    }
    if (injected > rows) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot create file spec %s: %d defective/duplicated rows requested but only %d base"
                  + " rows; raise rows or lower the defect counts",
              fileName, injected, rows));
    }
    if (fileDefect != null && !copy.isEmpty()) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot create file spec %s: file defect %s cannot be combined with row defects %s"
                  + " (the whole file is rejected)",
              fileName, fileDefect, copy));
    }
    if (fileDefect == FileDefect.CORRUPT_PARQUET && format != FileFormat.PARQUET) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot create file spec %s: CORRUPT_PARQUET needs format PARQUET, not %s",
              fileName, format));
    }
    rowDefects = Collections.unmodifiableMap(copy);
  }

  /** A builder for a file of {@code dataset} on {@code date}: CSV, 100 rows, no defects. */
  public static Builder builder(RawDataset dataset, LocalDate date) {
    return new Builder(dataset, date);
  }

  /** The object key: {@code raw/<domain>/<dataset>/YYYY-MM-DD/<fileName>}. */
  public String key() {
    return String.join(
        "/",
        "raw",
        RawDataset.DOMAIN,
        dataset.dirName(),
        DateTimeFormatter.ISO_LOCAL_DATE.format(date),
        fileName);
  }

  /** The number of injected defects of this kind, 0 when none. */
  public int count(RowDefect defect) {
    return rowDefects.getOrDefault(defect, 0);
  }

  /** Builder of {@link FileSpec}. */
  public static final class Builder {
    private final RawDataset dataset;
    private final LocalDate date;
    private FileFormat format = FileFormat.CSV;
    private int rows = 100;
    private String fileName;
    private final EnumMap<RowDefect, Integer> rowDefects = new EnumMap<>(RowDefect.class);
    private FileDefect fileDefect;

    private Builder(RawDataset dataset, LocalDate date) {
      this.dataset = requireNonNull(dataset, "dataset is null");
      this.date = requireNonNull(date, "date is null");
    }

    /** File format; CSV by default. */
    public Builder format(FileFormat newFormat) {
      this.format = requireNonNull(newFormat, "format is null");
      return this;
    }

    /** Number of base rows; 100 by default. */
    public Builder rows(int newRows) {
      this.rows = newRows;
      return this;
    }

    /** File name; {@code <dataset>-<yyyyMMdd>-001.<ext>} by default. */
    public Builder fileName(String newFileName) {
      this.fileName = requireNonNull(newFileName, "fileName is null");
      return this;
    }

    /** Injects {@code count} rows with {@code defect} (replaces an earlier count). */
    public Builder rowDefect(RowDefect defect, int count) {
      rowDefects.put(requireNonNull(defect, "defect is null"), count);
      return this;
    }

    /** Makes the whole file defective; null for none. */
    public Builder fileDefect(FileDefect newFileDefect) {
      this.fileDefect = newFileDefect;
      return this;
    }

    /** Builds and validates the spec. */
    public FileSpec build() {
      String name =
          fileName != null
              ? fileName
              : String.format(
                  "%s-%s-001.%s",
                  dataset.dirName(),
                  DateTimeFormatter.BASIC_ISO_DATE.format(date),
                  format.extension());
      return new FileSpec(dataset, date, format, rows, name, rowDefects, fileDefect);
    }
  }
}
