package io.gridata.core.rawzone.internal;

import java.time.Instant;
import java.util.Optional;

/** Metadata of one stored blob; {@code path} is relative to the zone's root. */
record BlobStat(
    String path, long size, String etag, Instant lastModified, Optional<String> sha256) {

  String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
