package io.gridata.quality;

/**
 * What happens to the rows a row-level rule finds (in the spirit of Delta Live Tables'
 * expectations).
 */
public enum RowAction {
  /** Keep the rows in the table and count them in the report; the rule passes. */
  FLAG,
  /**
   * The rows belong in the quarantine table with the rule's name (the writer moves them; the
   * evaluator counts them); the rule passes.
   */
  QUARANTINE,
  /** Any such row fails the rule (with the rule's severity). */
  FAIL
}
