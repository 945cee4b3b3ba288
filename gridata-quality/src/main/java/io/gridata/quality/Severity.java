package io.gridata.quality;

/** How much a failed rule matters: an {@link #ERROR} stops the publish, a {@link #WARN} reports. */
public enum Severity {
  /** Reported; the batch is still published. */
  WARN,
  /** The batch is not published. */
  ERROR
}
