package io.gridata.core.contract;

/**
 * The logical type a contract expects for a raw column. Raw CSV and JSON values are text until a
 * reader casts them, so a type is checked against the file's own schema only where the file has one
 * (Parquet); see {@link #acceptsParquet(String, String)}.
 */
public enum ColumnType {
  /** Text. */
  STRING,
  /** 32-bit integer. */
  INT,
  /** 64-bit integer. */
  LONG,
  /** Exact decimal. */
  DECIMAL,
  /** Floating point. */
  DOUBLE,
  /** True/false. */
  BOOLEAN,
  /** Instant or local timestamp; raw files may carry it as text or epoch seconds or millis. */
  TIMESTAMP,
  /** Calendar date; raw files may carry it as text. */
  DATE;

  /**
   * Whether a Parquet column with {@code physicalType} (Thrift {@code Type} name, e.g. {@code
   * INT64}, {@code BYTE_ARRAY}) and {@code logicalType} (converted or logical type name, e.g.
   * {@code UTF8}, {@code DECIMAL}, {@code TIMESTAMP_MILLIS}, or null) can be read as this type
   * without loss: a string column accepts anything textual, numbers accept narrower numbers, and
   * timestamps/dates also accept their textual or epoch forms as the raw contracts allow.
   */
  public boolean acceptsParquet(String physicalType, String logicalType) {
    String physical = physicalType == null ? "" : physicalType;
    String logical = logicalType == null ? "" : logicalType;
    boolean text =
        physical.equals("BYTE_ARRAY") && !logical.equals("DECIMAL") || logical.equals("UTF8");
    boolean integer = physical.equals("INT32") || physical.equals("INT64");
    boolean decimal = logical.equals("DECIMAL");
    boolean floating = physical.equals("FLOAT") || physical.equals("DOUBLE");
    boolean plainInteger =
        integer
            && (logical.isEmpty()
                || logical.equals("INTEGER")
                || logical.startsWith("INT_")
                || logical.startsWith("UINT_"));
    return switch (this) {
      case STRING -> text || physical.equals("FIXED_LEN_BYTE_ARRAY") && !decimal;
      case INT, LONG -> plainInteger;
      case DECIMAL -> decimal || plainInteger || floating || text;
      case DOUBLE -> floating || plainInteger || decimal;
      case BOOLEAN -> physical.equals("BOOLEAN");
      case TIMESTAMP ->
          logical.startsWith("TIMESTAMP")
              || physical.equals("INT96")
              || physical.equals("INT64") && logical.isEmpty()
              || text;
      case DATE -> logical.equals("DATE") || logical.startsWith("TIMESTAMP") || text;
    };
  }
}
