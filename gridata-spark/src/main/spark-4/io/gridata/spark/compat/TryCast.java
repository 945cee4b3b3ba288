package io.gridata.spark.compat;

import org.apache.spark.sql.Column;

/** {@code TRY_CAST} on Spark 4: {@link Column#try_cast(String)}. */
public final class TryCast {
  private TryCast() {}

  /**
   * {@code column} cast to the SQL type {@code type} ({@code "int"}, {@code "decimal(12,2)"}), or
   * null where the value does not parse or does not fit the type.
   */
  public static Column tryCast(Column column, String type) {
    return column.try_cast(type);
  }
}
