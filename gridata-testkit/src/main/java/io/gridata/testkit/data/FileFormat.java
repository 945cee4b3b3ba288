package io.gridata.testkit.data;

/** The file formats the generators write. */
public enum FileFormat {
  /** Comma-separated values with a header line, RFC 4180 quoting, empty field for null. */
  CSV("csv"),
  /** JSON lines: one object per line, every column present, null written as JSON null. */
  JSON("json"),
  /** Parquet written by Iceberg's generic Parquet writer. */
  PARQUET("parquet");

  private final String extension;

  FileFormat(String extension) {
    this.extension = extension;
  }

  /** File name extension without the dot. */
  public String extension() {
    return extension;
  }
}
