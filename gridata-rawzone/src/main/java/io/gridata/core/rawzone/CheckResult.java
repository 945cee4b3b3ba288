package io.gridata.core.rawzone;

import static java.util.Objects.requireNonNull;

/**
 * Result of one named check on one file.
 *
 * @param check which check
 * @param status its outcome
 * @param message what was found, in words a person can act on
 */
public record CheckResult(Check check, CheckStatus status, String message) {
  /** Validates the values. */
  public CheckResult {
    requireNonNull(check, "check is null");
    requireNonNull(status, "status is null");
    requireNonNull(message, "message is null");
  }

  /** A passed check. */
  public static CheckResult passed(Check check, String message) {
    return new CheckResult(check, CheckStatus.PASSED, message);
  }

  /** A passed check with a remark. */
  public static CheckResult warned(Check check, String message) {
    return new CheckResult(check, CheckStatus.WARNED, message);
  }

  /** A failed check. */
  public static CheckResult failed(Check check, String message) {
    return new CheckResult(check, CheckStatus.FAILED, message);
  }

  /** A check that did not run. */
  public static CheckResult skipped(Check check, String message) {
    return new CheckResult(check, CheckStatus.SKIPPED, message);
  }

  /** True unless the check failed. */
  public boolean ok() {
    return status != CheckStatus.FAILED;
  }
}
