package io.gridata.core.rawzone;

import java.util.List;
import java.util.Map;

/**
 * What format sniffing found: the columns (in order) and, for formats with a schema, each column's
 * Parquet physical and logical type names.
 */
record Sniffed(List<String> columns, Map<String, String[]> parquetTypes, long rows) {}
