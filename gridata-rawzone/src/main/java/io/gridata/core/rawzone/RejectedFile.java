package io.gridata.core.rawzone;

import static java.util.Objects.requireNonNull;

/**
 * A file in the rejected tree with its manifest.
 *
 * @param key the file's original location (where {@link RawZone#replay} puts it back)
 * @param size size in bytes
 * @param manifest why it was rejected
 */
public record RejectedFile(RawKey key, long size, RejectionManifest manifest) {
  /** Validates the values. */
  public RejectedFile {
    requireNonNull(key, "key is null");
    requireNonNull(manifest, "manifest is null");
  }

  /** {@code raw/rejected/<domain>/<dataset>/YYYY-MM-DD/<file>}. */
  public String rejectedPath() {
    return key.rejectedPath();
  }

  /** {@code raw/rejected/<domain>/<dataset>/YYYY-MM-DD/<file>.rejection.json}. */
  public String manifestPath() {
    return key.rejectedPath() + RawKey.MANIFEST_SUFFIX;
  }
}
