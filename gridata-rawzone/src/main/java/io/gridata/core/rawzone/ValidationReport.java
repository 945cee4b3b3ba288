package io.gridata.core.rawzone;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every check {@link FileValidator} ran on one file, in order, with what it learnt about the file.
 *
 * @param key the file
 * @param size its size in bytes, or -1 when it does not exist
 * @param sha256 hex SHA-256 of its content when it was read (empty when an earlier check stopped
 *     the validation)
 * @param format the format it was checked as, if known
 * @param columns the columns found in the file (Parquet footer, CSV header, JSON keys), in order
 * @param checks the check results
 * @param checkedAt when the validation ran
 */
public record ValidationReport(
    RawKey key,
    long size,
    Optional<String> sha256,
    Optional<FileFormat> format,
    List<String> columns,
    List<CheckResult> checks,
    Instant checkedAt) {
  /** Validates the values and copies the lists. */
  public ValidationReport {
    requireNonNull(key, "key is null");
    requireNonNull(sha256, "sha256 is null");
    requireNonNull(format, "format is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    checks = List.copyOf(requireNonNull(checks, "checks is null"));
    requireNonNull(checkedAt, "checkedAt is null");
  }

  /** True when no check failed. */
  public boolean passed() {
    return checks.stream().allMatch(CheckResult::ok);
  }

  /** The failed checks. */
  public List<CheckResult> failures() {
    return checks.stream().filter(c -> !c.ok()).toList();
  }

  /** The result of {@code check}, if it is in the report. */
  public Optional<CheckResult> result(Check check) {
    return checks.stream().filter(c -> c.check() == check).findFirst();
  }

  /** One line: the failed checks and their messages, or "passed". */
  public String summary() {
    if (passed()) {
      return "passed";
    }
    StringBuilder out = new StringBuilder();
    for (CheckResult failure : failures()) {
      if (out.length() > 0) {
        out.append("; ");
      }
      out.append(failure.check().id()).append(": ").append(failure.message());
    }
    return out.toString();
  }
}
