package io.gridata.core.rawzone;

import static java.util.Objects.requireNonNull;

/**
 * A file written into the raw zone by {@link RawZone#land}.
 *
 * @param key where it landed
 * @param size bytes written
 * @param sha256 lower-case hex SHA-256 of the bytes, computed while streaming; also written to the
 *     {@code <file>.sha256} sidecar
 * @param etag the store's entity tag after the write
 * @param multipart whether the S3 backend used a multipart upload
 */
public record LandedFile(RawKey key, long size, String sha256, String etag, boolean multipart) {
  /** Validates the values. */
  public LandedFile {
    requireNonNull(key, "key is null");
    requireNonNull(sha256, "sha256 is null");
    requireNonNull(etag, "etag is null");
  }
}
