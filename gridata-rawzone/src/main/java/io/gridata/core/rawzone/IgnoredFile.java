package io.gridata.core.rawzone;

import static java.util.Objects.requireNonNull;

/**
 * An object in a day's folder that is not a data file and not a sidecar of one, so no run reads it:
 * a name starting with {@code .} (hidden or temporary) or a {@code .sha256} sidecar without its
 * file. Reported by {@link RawZone#ignored} so that it is not ignored without a word.
 *
 * @param path zone-relative path, e.g. {@code raw/ecommerce/orders/2026-11-02/.orders-2.csv}
 * @param name its file name
 * @param reason why it is not read and what to do about it
 */
public record IgnoredFile(String path, String name, String reason) {
  /** Validates the values. */
  public IgnoredFile {
    requireNonNull(path, "path is null");
    requireNonNull(name, "name is null");
    requireNonNull(reason, "reason is null");
  }
}
