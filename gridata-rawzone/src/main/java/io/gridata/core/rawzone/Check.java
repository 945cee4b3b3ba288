package io.gridata.core.rawzone;

import java.util.Locale;

/** The named checks {@link FileValidator} runs, in order. */
public enum Check {
  /** The file exists. */
  EXISTS,
  /** Size above 0 and at most the maximum, from metadata, before any read. */
  SIZE,
  /** SHA-256 of the content equals the {@code .sha256} sidecar or the stored checksum. */
  CHECKSUM,
  /** The content is the format the name says: Parquet, CSV or JSON lines. */
  FORMAT,
  /** The columns satisfy the data contract. */
  SCHEMA;

  /** Lower-case name used in manifests, e.g. {@code checksum}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
