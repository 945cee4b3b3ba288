package io.gridata.spark.compat;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.EvalMode;
import org.apache.spark.sql.catalyst.util.CharVarcharUtils;
import org.apache.spark.sql.types.DataType;
import scala.Option;

/**
 * {@code TRY_CAST} on Spark 3.5, which has it in SQL but not on {@link Column}: the expression
 * Spark 3.5's SQL parser builds for {@code TRY_CAST(x AS type)}, a {@link Cast} in {@code TRY}
 * mode.
 */
public final class TryCast {
  private TryCast() {}

  /**
   * {@code column} cast to the SQL type {@code type} ({@code "int"}, {@code "decimal(12,2)"}), or
   * null where the value does not parse or does not fit the type.
   */
  public static Column tryCast(Column column, String type) {
    DataType to = CharVarcharUtils.replaceCharVarcharWithStringForCast(DataType.fromDDL(type));
    return new Column(new Cast(column.expr(), to, Option.empty(), EvalMode.TRY()));
  }
}
