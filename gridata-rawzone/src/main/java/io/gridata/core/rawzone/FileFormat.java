package io.gridata.core.rawzone;

import java.util.Locale;
import java.util.Optional;

/** Raw file formats the raw zone validates. */
public enum FileFormat {
  /** Apache Parquet. */
  PARQUET,
  /** Comma-separated values with a header row (UTF-8). */
  CSV,
  /** One JSON object per line (UTF-8). */
  JSON_LINES;

  /**
   * The format a file name declares: {@code .parquet}; {@code .csv}; {@code .json}, {@code .jsonl},
   * {@code .ndjson}; the text formats optionally followed by {@code .gz}.
   */
  public static Optional<FileFormat> fromFileName(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
      if (name.endsWith(".parquet")) {
        return Optional.empty();
      }
    }
    if (name.endsWith(".parquet") || name.endsWith(".parq")) {
      return Optional.of(PARQUET);
    }
    if (name.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return Optional.of(JSON_LINES);
    }
    return Optional.empty();
  }
}
