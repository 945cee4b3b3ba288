package io.gridata.core.rawzone;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * A file in the raw zone: {@code raw/<domain>/<dataset>/YYYY-MM-DD/<fileName>}. Validated on
 * construction, so a key can never escape its partition.
 *
 * <p>File names: 1-255 bytes of UTF-8, no {@code /} or {@code \}, no control characters, not {@code
 * .} or {@code ..} and not starting with {@code .} (hidden and temporary files), and not ending
 * with the reserved suffixes {@value #SHA256_SUFFIX} (checksum sidecar) and {@value
 * #MANIFEST_SUFFIX} (rejection manifest).
 *
 * @param partition the day of the dataset the file belongs to
 * @param fileName the file's name
 */
public record RawKey(RawPartition partition, String fileName) {
  /** Suffix of a checksum sidecar: {@code orders.csv.sha256} holds the SHA-256 of orders.csv. */
  public static final String SHA256_SUFFIX = ".sha256";

  /** Suffix of the JSON reason manifest written beside a rejected file. */
  public static final String MANIFEST_SUFFIX = ".rejection.json";

  /** Validates the file name; see the class comment for the rules. */
  public RawKey {
    requireNonNull(partition, "partition is null");
    requireNonNull(fileName, "fileName is null");
    checkFileName(fileName);
  }

  /** The key {@code raw/<domain>/<dataset>/<date>/<fileName>}. */
  public static RawKey of(String domain, String dataset, LocalDate date, String fileName) {
    return new RawKey(new RawPartition(domain, dataset, date), fileName);
  }

  /**
   * Parses a zone-relative path {@code raw/<domain>/<dataset>/YYYY-MM-DD/<file>}.
   *
   * @throws InvalidInputException when the path does not follow the layout or breaks a rule
   */
  public static RawKey parse(String path) {
    requireNonNull(path, "path is null");
    checkNoControl(path);
    InvalidInputException.check(
        !path.startsWith("/") && !path.startsWith("\\") && !path.matches("^[A-Za-z]:.*"),
        "Invalid raw-zone key '%s': absolute paths are not allowed; use"
            + " raw/<domain>/<dataset>/YYYY-MM-DD/<file>",
        path);
    String[] parts = path.split("/", -1);
    for (String part : parts) {
      InvalidInputException.check(
          !part.equals(".."),
          "Invalid raw-zone key '%s': '..' is not allowed (path traversal)",
          path);
    }
    InvalidInputException.check(
        parts.length == 5 && parts[0].equals(RawPartition.RAW),
        "Invalid raw-zone key '%s': expected raw/<domain>/<dataset>/YYYY-MM-DD/<file>",
        path);
    LocalDate date;
    try {
      date = LocalDate.parse(parts[3]);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "Invalid raw-zone key '%s': '%s' is not a date (YYYY-MM-DD)", path, parts[3]);
    }
    return new RawKey(new RawPartition(parts[1], parts[2], date), parts[4]);
  }

  /** {@code raw/<domain>/<dataset>/YYYY-MM-DD/<fileName>}, relative to the zone's root. */
  public String path() {
    return partition.prefix() + fileName;
  }

  /**
   * Where the file goes when rejected: {@code raw/rejected/<domain>/<dataset>/YYYY-MM-DD/<file>}.
   */
  public String rejectedPath() {
    return partition.rejectedPrefix() + fileName;
  }

  /** Path of the checksum sidecar, {@code <path>.sha256}. */
  public String sidecarPath() {
    return path() + SHA256_SUFFIX;
  }

  @Override
  public String toString() {
    return path();
  }

  static void checkFileName(String name) {
    checkNoControl(name);
    InvalidInputException.check(
        !name.isEmpty(), "Invalid raw-zone file name: empty; give the file a name");
    InvalidInputException.check(
        !name.equals("..") && !name.contains("../") && !name.contains("..\\"),
        "Invalid raw-zone file name '%s': '..' is not allowed (path traversal)",
        name);
    InvalidInputException.check(
        name.indexOf('/') < 0 && name.indexOf('\\') < 0,
        "Invalid raw-zone file name '%s': '/' and '\\' are not allowed; a file name has no"
            + " directories",
        name);
    InvalidInputException.check(
        !name.startsWith("."),
        "Invalid raw-zone file name '%s': names starting with '.' are reserved for hidden and"
            + " temporary files",
        name);
    InvalidInputException.check(
        name.getBytes(StandardCharsets.UTF_8).length <= 255,
        "Invalid raw-zone file name '%s...': longer than 255 bytes",
        name.substring(0, Math.min(40, name.length())));
    InvalidInputException.check(
        !name.endsWith(SHA256_SUFFIX) && !name.endsWith(MANIFEST_SUFFIX),
        "Invalid raw-zone file name '%s': the suffixes %s and %s are reserved for checksum"
            + " sidecars and rejection manifests",
        name,
        SHA256_SUFFIX,
        MANIFEST_SUFFIX);
  }

  private static void checkNoControl(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\uFEFF') {
        throw new InvalidInputException(
            "Invalid raw-zone key '%s': control character U+%04X at index %d is not allowed",
            printable(value), (int) c, i);
      }
    }
  }

  static String printable(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && i < 200; i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
