package io.gridata.core.rawzone;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One day of one dataset in the raw zone: the prefix {@code raw/<domain>/<dataset>/YYYY-MM-DD/}.
 *
 * <p>Domain and dataset names are 1-128 characters of {@code [A-Za-z0-9_.-]}, starting with a
 * letter or digit; {@code rejected} is reserved for the rejected tree.
 *
 * @param domain business domain, e.g. {@code ecommerce}
 * @param dataset dataset within the domain, e.g. {@code orders}
 * @param date the day the files belong to
 */
public record RawPartition(String domain, String dataset, LocalDate date) {
  static final String RAW = "raw";
  static final String REJECTED = "rejected";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  /** Validates the names; see the class comment for the rules. */
  public RawPartition {
    requireNonNull(domain, "domain is null");
    requireNonNull(dataset, "dataset is null");
    requireNonNull(date, "date is null");
    checkName("domain", domain);
    checkName("dataset", dataset);
    InvalidInputException.check(
        !domain.toLowerCase(Locale.ROOT).equals(REJECTED),
        "Invalid raw-zone domain '%s': 'rejected' is reserved for rejected files",
        domain);
    InvalidInputException.check(
        date.getYear() >= 1000 && date.getYear() <= 9999,
        "Invalid raw-zone date %s: year must have four digits",
        date);
  }

  /** The partition of {@code domain}/{@code dataset} on {@code date}. */
  public static RawPartition of(String domain, String dataset, LocalDate date) {
    return new RawPartition(domain, dataset, date);
  }

  /** The key of {@code fileName} in this partition. */
  public RawKey file(String fileName) {
    return new RawKey(this, fileName);
  }

  /** {@code raw/<domain>/<dataset>/YYYY-MM-DD/}, relative to the zone's root. */
  public String prefix() {
    return RAW + "/" + domain + "/" + dataset + "/" + date + "/";
  }

  /** {@code raw/rejected/<domain>/<dataset>/YYYY-MM-DD/}, relative to the zone's root. */
  public String rejectedPrefix() {
    return RAW + "/" + REJECTED + "/" + domain + "/" + dataset + "/" + date + "/";
  }

  @Override
  public String toString() {
    return prefix();
  }

  private static void checkName(String what, String value) {
    InvalidInputException.check(
        !value.contains(".."),
        "Invalid raw-zone %s '%s': '..' is not allowed",
        what,
        RawKey.printable(value));
    InvalidInputException.check(
        NAME.matcher(value).matches(),
        "Invalid raw-zone %s '%s': use 1-128 characters of [A-Za-z0-9_.-], starting with a letter"
            + " or digit",
        what,
        RawKey.printable(value));
  }
}
