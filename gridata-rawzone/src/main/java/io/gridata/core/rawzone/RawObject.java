package io.gridata.core.rawzone;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What the storage says about a file, without reading it.
 *
 * @param key the file
 * @param size length in bytes
 * @param etag the store's entity tag (S3 ETag; on the local file system a tag derived from size and
 *     modification time); changes whenever the content is rewritten
 * @param lastModified last modification time
 * @param storedSha256 hex SHA-256 the store keeps for the object (S3 {@code ChecksumSHA256} of a
 *     single-part upload or the {@code gridata-sha256} user metadata), if any
 */
public record RawObject(
    RawKey key, long size, String etag, Instant lastModified, Optional<String> storedSha256) {
  /** Validates the values. */
  public RawObject {
    requireNonNull(key, "key is null");
    requireNonNull(etag, "etag is null");
    requireNonNull(lastModified, "lastModified is null");
    requireNonNull(storedSha256, "storedSha256 is null");
  }
}
