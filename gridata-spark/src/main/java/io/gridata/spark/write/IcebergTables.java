package io.gridata.spark.write;

import static java.util.Objects.requireNonNull;

import io.gridata.core.NotFoundException;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;

/** Loads the Iceberg {@link Table} behind a Spark table name, for Java API operations. */
public final class IcebergTables {
  private IcebergTables() {}

  /**
   * The Iceberg table named {@code name} ({@code catalog.namespace.table}) in {@code spark}'s
   * catalogs, freshly loaded.
   *
   * @throws IllegalArgumentException if {@code name} is not a table name
   * @throws NotFoundException if no such table exists in the catalog
   */
  public static Table load(SparkSession spark, String name) {
    requireNonNull(spark, "spark is null");
    requireNonNull(name, "name is null");
    try {
      Table table = Spark3Util.loadIcebergTable(spark, name);
      table.refresh();
      return table;
    } catch (ParseException e) {
      throw new IllegalArgumentException("Cannot load table " + name + ": not a table name", e);
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new NotFoundException(
          e,
          "Cannot load table %s: it does not exist in the catalog; create it or check the name",
          name);
    }
  }

  /**
   * Sets the table's write distribution (by partition) and file-local sort order from {@code
   * layout}, unless a sort order is set already: every {@code ALTER} commits a new metadata
   * version, even when nothing changes, so it runs once per table.
   */
  public static void writeOrderedOnce(SparkSession spark, String name, TableLayout layout) {
    requireNonNull(layout, "layout is null");
    if (!layout.localSortBy().isBlank() && load(spark, name).sortOrder().isUnsorted()) {
      spark.sql(
          "ALTER TABLE "
              + name
              + " WRITE DISTRIBUTED BY PARTITION LOCALLY ORDERED BY "
              + layout.localSortBy());
    }
  }
}
