package io.gridata.lineage;

/** How a finished run ended. */
public enum RunStatus {
  /** The run did its work. */
  SUCCESS,
  /** The run failed. */
  FAILURE
}
