package io.gridata.spark.ingest;

import static java.util.Objects.requireNonNull;

import io.gridata.spark.write.IcebergTables;
import io.gridata.spark.write.TableLayout;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * DDL shared by every ingested dataset: the namespace, the table (from its {@link IngestSpec}) and
 * its quarantine table {@code <table>_quarantine}, which keeps the raw values as strings with the
 * reasons, partitioned by day of ingestion.
 */
public final class IngestTables {
  private IngestTables() {}

  /**
   * Creates {@code table} if missing: {@code columns} followed by the run metadata columns ({@code
   * _ingested_at}, {@code _source_file}, {@code _source_checksum}, {@code _run_id}), an Iceberg
   * table with {@code layout}'s partitioning and properties, and, once, its write order (see {@link
   * IcebergTables#writeOrderedOnce}).
   */
  public static void createTable(
      SparkSession spark, String table, StructType columns, TableLayout layout) {
    requireNonNull(spark, "spark is null");
    requireNonNull(table, "table is null");
    requireNonNull(columns, "columns is null");
    requireNonNull(layout, "layout is null");
    spark.sql(
        "CREATE TABLE IF NOT EXISTS "
            + table
            + " ("
            + columns.toDDL()
            + ", _ingested_at timestamp NOT NULL, _source_file string NOT NULL,"
            + " _source_checksum string NOT NULL, _run_id string NOT NULL) USING iceberg"
            + layout.partitionClause()
            + " TBLPROPERTIES ("
            + layout.tableProperties()
            + ")");
    IcebergTables.writeOrderedOnce(spark, table, layout);
  }

  /** {@code <table>_quarantine}. */
  public static String quarantineTable(String table) {
    return requireNonNull(table, "table is null") + "_quarantine";
  }

  /**
   * Creates the namespace, the table and its quarantine table if missing. Existing tables are left
   * as they are.
   */
  public static void createIfMissing(SparkSession spark, IngestSpec spec, String table) {
    requireNonNull(spark, "spark is null");
    requireNonNull(spec, "spec is null");
    requireNonNull(table, "table is null");
    int lastDot = table.lastIndexOf('.');
    if (lastDot <= 0) {
      throw new IllegalArgumentException(
          "Invalid table name " + table + ": expected catalog.namespace.table");
    }
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + table.substring(0, lastDot));
    spec.createTable(spark, table);
    String rawColumns =
        spec.rawColumns().stream().map(c -> c + " string, ").collect(Collectors.joining());
    spark.sql(
        "CREATE TABLE IF NOT EXISTS "
            + quarantineTable(table)
            + " ("
            + rawColumns
            + "_corrupt_record string, _reasons array<string> NOT NULL,"
            + " _ingested_at timestamp NOT NULL, _source_file string NOT NULL,"
            + " _source_checksum string, _run_id string NOT NULL)"
            + " USING iceberg PARTITIONED BY (days(_ingested_at)) TBLPROPERTIES ("
            + spec.layout().tableProperties()
            + ")");
  }
}
