package io.gridata.testkit;

/**
 * A one-shot fault of the {@link RestCatalogServer}: the next commit that moves a given ref of a
 * given table is answered with HTTP 500, which Iceberg's REST client reports as {@code
 * CommitStateUnknownException}. The two kinds are the two truths a client cannot tell apart.
 */
public enum CommitFault {
  /** The catalog applies the commit, then answers 500: the commit happened. */
  APPLIED_THEN_FAILED,

  /** The catalog answers 500 without applying the commit: nothing happened. */
  FAILED_UNAPPLIED
}
