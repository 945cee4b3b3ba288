package io.gridata.quality;

/** Outcome of one rule on one batch. */
public enum RuleStatus {
  /**
   * Within its threshold, or a row-level rule whose breaking rows its flag/quarantine action
   * handles.
   */
  PASSED,
  /** Outside its threshold. */
  FAILED,
  /** Could not be evaluated and says why (a reference table that does not exist yet). */
  SKIPPED
}
