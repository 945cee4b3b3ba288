package io.gridata.spark.customer360;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;
import io.gridata.spark.write.IcebergTables;
import io.gridata.spark.write.TableLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortField;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.SparkSession;

/**
 * DDL of the Customer 360 table ({@code gridata.analytics.customer_360} by default): unpartitioned,
 * format v2, Parquet with zstd, write-audit-publish enabled, and written in {@code customer_id}
 * order (range distribution, or ranges made before the joins, see {@link
 * Customer360#rowsInCustomerIdRanges}), so each data file holds a disjoint range of customer ids
 * and a lookup by id reads one file. Unpartitioned because every run replaces the whole table with
 * one row per customer: partitions would only multiply small files, and no query filters on a date
 * of it.
 */
public final class Customer360Table {
  /** Column name to Spark SQL type (with NOT NULL where the computation guarantees a value). */
  public static final Map<String, String> COLUMNS = columns();

  /** No partitions; sorted by customer_id; 128 MiB files. */
  public static final TableLayout LAYOUT =
      new TableLayout("", Customer360Columns.CUSTOMER_ID, TableLayout.DEFAULT_TARGET_FILE_SIZE);

  private Customer360Table() {}

  /**
   * Creates the namespace and the table if missing, and sets its write order once. An existing
   * table is left as it is.
   */
  public static void createIfMissing(SparkSession spark, String table) {
    requireNonNull(spark, "spark is null");
    requireNonNull(table, "table is null");
    int lastDot = table.lastIndexOf('.');
    InvalidInputException.check(
        lastDot > 0, "Invalid table name %s: expected catalog.namespace.table", table);
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + table.substring(0, lastDot));
    StringBuilder columns = new StringBuilder();
    COLUMNS.forEach(
        (name, type) ->
            columns
                .append(columns.length() == 0 ? "" : ", ")
                .append(name)
                .append(' ')
                .append(type));
    spark.sql(
        "CREATE TABLE IF NOT EXISTS "
            + table
            + " ("
            + columns
            + ") USING iceberg TBLPROPERTIES ("
            + LAYOUT.tableProperties()
            + ")");
    // only once: every ALTER commits a new metadata version, even when nothing changes
    if (IcebergTables.load(spark, table).sortOrder().isUnsorted()) {
      spark.sql("ALTER TABLE " + table + " WRITE ORDERED BY " + LAYOUT.localSortBy());
    }
  }

  /**
   * Whether {@code table} is laid out as {@link #createIfMissing} makes it: unpartitioned, sorted
   * by a string {@code customer_id} only, ascending with nulls first. Rows already split into
   * ascending customer_id ranges can then be written without Iceberg's range distribution; a table
   * changed since (another order, a partition spec) gets the distribution its own layout asks for.
   */
  public static boolean orderedByCustomerIdOnly(Table table) {
    Types.NestedField key = table.schema().findField(Customer360Columns.CUSTOMER_ID);
    List<SortField> fields = table.sortOrder().fields();
    if (key == null
        || key.type().typeId() != Type.TypeID.STRING
        || table.spec().isPartitioned()
        || fields.size() != 1) {
      return false;
    }
    SortField field = fields.get(0);
    return field.sourceId() == key.fieldId()
        && field.transform().isIdentity()
        && field.direction() == SortDirection.ASC
        && field.nullOrder() == NullOrder.NULLS_FIRST;
  }

  private static Map<String, String> columns() {
    String money = "decimal(18,2)";
    Map<String, String> c = new LinkedHashMap<>();
    c.put(Customer360Columns.CUSTOMER_ID, "string NOT NULL");
    c.put(Customer360Columns.EMAIL, "string");
    c.put(Customer360Columns.FIRST_NAME, "string");
    c.put(Customer360Columns.LAST_NAME, "string");
    c.put(Customer360Columns.COUNTRY, "string");
    c.put(Customer360Columns.CITY, "string");
    c.put(Customer360Columns.SIGNUP_TS, "timestamp");
    c.put(Customer360Columns.FIRST_ORDER_TS, "timestamp");
    c.put(Customer360Columns.LAST_ORDER_TS, "timestamp");
    c.put(Customer360Columns.ORDER_COUNT, "bigint NOT NULL");
    c.put(Customer360Columns.CANCELLED_COUNT, "bigint NOT NULL");
    c.put(Customer360Columns.RETURNED_COUNT, "bigint NOT NULL");
    c.put(Customer360Columns.TOTAL_SPENT, money + " NOT NULL");
    c.put(Customer360Columns.AVG_ORDER_VALUE, money);
    c.put(Customer360Columns.RECENCY_DAYS, "int");
    c.put(Customer360Columns.FREQUENCY, "bigint NOT NULL");
    c.put(Customer360Columns.MONETARY, money + " NOT NULL");
    c.put(Customer360Columns.R_SCORE, "int");
    c.put(Customer360Columns.F_SCORE, "int");
    c.put(Customer360Columns.M_SCORE, "int");
    c.put(Customer360Columns.RFM_SEGMENT, "string NOT NULL");
    c.put(Customer360Columns.HISTORICAL_VALUE, money + " NOT NULL");
    c.put(Customer360Columns.TENURE_DAYS, "int");
    c.put(Customer360Columns.PURCHASE_FREQUENCY_PER_YEAR, "double");
    c.put(Customer360Columns.PROJECTED_LTV, money);
    c.put(Customer360Columns.RECENT_ORDERS, "bigint NOT NULL");
    c.put(Customer360Columns.PRIOR_ORDERS, "bigint NOT NULL");
    c.put(Customer360Columns.EVENTS, "bigint NOT NULL");
    c.put(Customer360Columns.PAGE_VIEWS, "bigint NOT NULL");
    c.put(Customer360Columns.SESSIONS, "bigint NOT NULL");
    c.put(Customer360Columns.RECENT_SESSIONS, "bigint NOT NULL");
    c.put(Customer360Columns.AVG_SESSION_DURATION_SECONDS, "double");
    c.put(Customer360Columns.CONVERSION_RATE, "double");
    c.put(Customer360Columns.CART_ABANDONMENT_RATE, "double");
    c.put(Customer360Columns.SEGMENT, "string NOT NULL");
    c.put(Customer360Columns.ACTIVITY_STATUS, "string NOT NULL");
    c.put(Customer360Columns.CHURN_RISK, "double");
    c.put(Customer360Columns.AS_OF_DATE, "date NOT NULL");
    c.put(Customer360Columns.RUN_ID, "string NOT NULL");
    c.put(Customer360Columns.COMPUTED_AT, "timestamp NOT NULL");
    return java.util.Collections.unmodifiableMap(c);
  }
}
