package io.gridata.core.rawzone;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What format sniffing found: the columns (in order), for formats with a schema each column's
 * Parquet physical and logical type names, and what the file has that is read but worth a warning
 * (JSON lines that go to quarantine).
 */
record Sniffed(
    List<String> columns, Map<String, String[]> parquetTypes, long rows, Optional<String> warning) {
  Sniffed(List<String> columns, Map<String, String[]> parquetTypes, long rows) {
    this(columns, parquetTypes, rows, Optional.empty());
  }
}
