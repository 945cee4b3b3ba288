package io.gridata.spark.read;

import static java.util.Objects.requireNonNull;

import io.gridata.core.rawzone.FileFormat;
import java.util.List;

/**
 * One validated raw file to read.
 *
 * @param uri location Spark can read ({@code file:///...} or {@code s3a://...}) with its path
 *     decoded, as {@code IngestJob.sparkPath} gives it ({@code .../a b.csv}, not {@code
 *     a%20b.csv}); glob characters in it are taken literally; also the rows' {@code _source_file}
 * @param format the file's format
 * @param header CSV column names in file order (empty for other formats)
 * @param sha256 lowercase hex SHA-256 of the file's bytes
 */
public record RawInput(String uri, FileFormat format, List<String> header, String sha256) {
  /** Validates and copies. */
  public RawInput {
    requireNonNull(uri, "uri is null");
    requireNonNull(format, "format is null");
    requireNonNull(sha256, "sha256 is null");
    header = List.copyOf(requireNonNull(header, "header is null"));
    if (format == FileFormat.CSV && header.isEmpty()) {
      throw new IllegalArgumentException("Cannot read CSV " + uri + ": header names are required");
    }
  }
}
