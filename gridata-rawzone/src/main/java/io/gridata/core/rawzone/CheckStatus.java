package io.gridata.core.rawzone;

/** Outcome of one {@link Check}. */
public enum CheckStatus {
  /** The check ran and passed. */
  PASSED,
  /** The check ran and passed with a remark (e.g. unknown columns tolerated by the contract). */
  WARNED,
  /** The check ran and failed: the file is rejected. */
  FAILED,
  /** The check did not run (nothing to compare with, or an earlier check failed). */
  SKIPPED
}
