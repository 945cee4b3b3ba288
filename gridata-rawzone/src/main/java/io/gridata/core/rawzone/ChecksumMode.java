package io.gridata.core.rawzone;

/**
 * When the S3 client computes request checksums and validates response checksums (AWS SDK v2 {@code
 * requestChecksumCalculation} / {@code responseChecksumValidation}).
 */
public enum ChecksumMode {
  /** The SDK default: checksum every upload and validate downloads (AWS, MinIO, s3proxy 3.2+). */
  WHEN_SUPPORTED,
  /** Only when the operation requires it: for older S3-compatible stores that reject them. */
  WHEN_REQUIRED
}
