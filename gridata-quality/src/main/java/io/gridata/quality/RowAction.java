package io.gridata.quality;

/**
 * What happens to the rows a row-level rule finds (in the spirit of Delta Live Tables'
 * expectations).
 */
public enum RowAction {
  /** Keep the rows in the table and count them in the report; the rule passes. */
  FLAG,
  /**
   * The rows belong in the quarantine table with the rule's name; the rule passes. A writer routes
   * them there while writing ({@link SuiteEvaluator#quarantineReasons}; the orders job takes it as
   * its row checks), so a later evaluation of the written rows finds none; evaluated on other data,
   * the rule counts them.
   */
  QUARANTINE,
  /** Any such row fails the rule (with the rule's severity). */
  FAIL
}
