package io.gridata.core.ingest;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A raw file as the ledger knows it: where it was and what its bytes hash to. The checksum is the
 * identity: the same bytes under another name are the same source.
 *
 * @param path zone-relative path, e.g. {@code raw/ecommerce/orders/2026-11-26/orders-1.csv}
 * @param sha256 lower-case hex SHA-256 of the content
 */
public record SourceFile(String path, String sha256) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  /** Validates the values and lower-cases the checksum. */
  public SourceFile {
    requireNonNull(path, "path is null");
    requireNonNull(sha256, "sha256 is null");
    sha256 = sha256.toLowerCase(Locale.ROOT);
    InvalidInputException.check(
        HEX.matcher(sha256).matches(),
        "Invalid source checksum '%s' for %s: expected 64 hex digits (SHA-256)",
        sha256,
        path);
    InvalidInputException.check(!path.isBlank(), "Invalid source file: path is blank");
  }

  static boolean isChecksum(String value) {
    return value != null && HEX.matcher(value.toLowerCase(Locale.ROOT)).matches();
  }
}
