package io.gridata.core.rawzone;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;
import io.gridata.core.contract.DataContract;
import java.util.Optional;

/**
 * What {@link FileValidator} checks.
 *
 * @param maxSize largest acceptable file in bytes (default 10 GB)
 * @param format the expected format; from the file name when empty
 * @param contract the columns the file must carry; no schema check when empty
 * @param sampleRecords how many leading records of a CSV or JSON-lines file are parsed (default
 *     100)
 * @param csvSeparator CSV column separator (default comma)
 * @param requireChecksum whether a file without a sidecar or stored checksum fails the checksum
 *     check (default false: it is skipped, and the computed checksum is still reported)
 */
public record ValidationOptions(
    long maxSize,
    Optional<FileFormat> format,
    Optional<DataContract> contract,
    int sampleRecords,
    char csvSeparator,
    boolean requireChecksum) {

  /** 10 GB. */
  public static final long DEFAULT_MAX_SIZE = 10L * 1000 * 1000 * 1000;

  /** Validates the values. */
  public ValidationOptions {
    requireNonNull(format, "format is null");
    requireNonNull(contract, "contract is null");
    InvalidInputException.check(maxSize > 0, "Invalid maxSize %s: must be positive", maxSize);
    InvalidInputException.check(
        sampleRecords >= 1, "Invalid sampleRecords %s: must be >= 1", sampleRecords);
  }

  /** Defaults: 10 GB, format from the name, no contract, 100 records, comma, checksum optional. */
  public static ValidationOptions defaults() {
    return new ValidationOptions(
        DEFAULT_MAX_SIZE, Optional.empty(), Optional.empty(), 100, ',', false);
  }

  /** These options with {@code contract}. */
  public ValidationOptions withContract(DataContract value) {
    return new ValidationOptions(
        maxSize, format, Optional.of(value), sampleRecords, csvSeparator, requireChecksum);
  }

  /** These options with a maximum size of {@code bytes}. */
  public ValidationOptions withMaxSize(long bytes) {
    return new ValidationOptions(
        bytes, format, contract, sampleRecords, csvSeparator, requireChecksum);
  }

  /** These options with an explicit format. */
  public ValidationOptions withFormat(FileFormat value) {
    return new ValidationOptions(
        maxSize, Optional.of(value), contract, sampleRecords, csvSeparator, requireChecksum);
  }

  /** These options with {@code requireChecksum}. */
  public ValidationOptions withRequireChecksum(boolean value) {
    return new ValidationOptions(maxSize, format, contract, sampleRecords, csvSeparator, value);
  }

  /** These options with the CSV separator {@code value}. */
  public ValidationOptions withCsvSeparator(char value) {
    return new ValidationOptions(maxSize, format, contract, sampleRecords, value, requireChecksum);
  }

  /** These options parsing {@code value} leading records. */
  public ValidationOptions withSampleRecords(int value) {
    return new ValidationOptions(maxSize, format, contract, value, csvSeparator, requireChecksum);
  }
}
