package io.gridata.quality;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.gridata.core.NotFoundException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@link MetricHistory} in an Iceberg table, by default {@value #DEFAULT_TABLE}: one row per rule
 * per evaluated run, partitioned by day. It is an ordinary table, so past results are queryable:
 *
 * <pre>{@code
 * SELECT evaluated_at, rule, status, observed, threshold FROM gridata.quality.results
 * WHERE suite = 'orders' AND dataset = 'gridata.ecommerce.orders' ORDER BY evaluated_at DESC
 * }</pre>
 *
 * <p>Columns: {@code run_id, suite, dataset, rule, kind, severity, status, observed, threshold,
 * rows_failing, batch_rows, suite_passed, published, evaluated_at, message}. The table is created
 * on first use (with its namespace); a history rule reads it with one small Spark query, after
 * refreshing it, so results other jobs appended meanwhile count.
 */
public final class IcebergMetricHistory implements MetricHistory {
  /** Where results go unless configured otherwise. */
  public static final String DEFAULT_TABLE = "gridata.quality.results";

  private static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("suite", DataTypes.StringType, false)
          .add("dataset", DataTypes.StringType, false)
          .add("rule", DataTypes.StringType, false)
          .add("kind", DataTypes.StringType, false)
          .add("severity", DataTypes.StringType, false)
          .add("status", DataTypes.StringType, false)
          .add("observed", DataTypes.DoubleType, true)
          .add("threshold", DataTypes.StringType, false)
          .add("rows_failing", DataTypes.LongType, false)
          .add("batch_rows", DataTypes.LongType, false)
          .add("suite_passed", DataTypes.BooleanType, false)
          .add("published", DataTypes.BooleanType, false)
          .add("evaluated_at", DataTypes.TimestampType, false)
          .add("message", DataTypes.StringType, false);

  private final SparkSession spark;
  private final String table;

  /** A history in {@code table} ({@code catalog.namespace.name}) of {@code spark}'s catalogs. */
  public IcebergMetricHistory(SparkSession spark, String table) {
    this.spark = requireNonNull(spark, "spark is null");
    this.table = requireNonNull(table, "table is null");
    checkName(table);
  }

  /** A history in {@value #DEFAULT_TABLE}. */
  public static IcebergMetricHistory defaultTable(SparkSession spark) {
    return new IcebergMetricHistory(spark, DEFAULT_TABLE);
  }

  /** A history in {@code <catalog>.quality.results}. */
  public static IcebergMetricHistory inCatalog(SparkSession spark, String catalog) {
    return new IcebergMetricHistory(spark, tableInCatalog(catalog));
  }

  /** {@code <catalog>.quality.results}: where {@link #inCatalog} keeps results. */
  public static String tableInCatalog(String catalog) {
    return requireNonNull(catalog, "catalog is null") + ".quality.results";
  }

  /**
   * Refuses a table name that is not {@code catalog.namespace.table}, before any Spark work.
   *
   * @throws QualityConfigException naming the table
   */
  public static void checkName(String table) {
    QualityConfigException.check(
        table != null && table.split("\\.", -1).length == 3 && !table.contains(".."),
        "Cannot keep quality results in %s: expected catalog.namespace.table",
        table);
  }

  /** The table's name. */
  public String table() {
    return table;
  }

  @Override
  public List<Long> rowCounts(String suite, String dataset, int lastRuns) {
    if (!spark.catalog().tableExists(table)) {
      return List.of();
    }
    return latestPerRun(
            publishedRuns(suite, dataset).select("run_id", "batch_rows", "evaluated_at"))
        .limit(lastRuns)
        .collectAsList()
        .stream()
        .map(r -> r.getLong(1))
        .toList();
  }

  @Override
  public List<Double> observed(
      String suite, String rule, String kind, String dataset, int lastRuns) {
    if (!spark.catalog().tableExists(table)) {
      return List.of();
    }
    Dataset<Row> values =
        publishedRuns(suite, dataset)
            .where(
                col("rule")
                    .equalTo(lit(rule))
                    .and(col("kind").equalTo(lit(kind)))
                    .and(col("observed").isNotNull()))
            .select("run_id", "observed", "evaluated_at");
    return latestPerRun(values).limit(lastRuns).collectAsList().stream()
        .map(r -> r.getDouble(1))
        .toList();
  }

  /** The newest row of each run id (a retried run counts once), newest run first. */
  private static Dataset<Row> latestPerRun(Dataset<Row> rows) {
    return rows.withColumn(
            "__newest",
            row_number().over(Window.partitionBy("run_id").orderBy(col("evaluated_at").desc())))
        .where(col("__newest").equalTo(1))
        .drop("__newest")
        .orderBy(col("evaluated_at").desc());
  }

  @Override
  public void record(
      QualityReport report, String runId, String dataset, Instant at, boolean published) {
    requireNonNull(report, "report is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(dataset, "dataset is null");
    requireNonNull(at, "at is null");
    createIfMissing();
    List<Row> rows = new ArrayList<>();
    Timestamp evaluatedAt = Timestamp.from(at);
    for (RuleResult r : report.results()) {
      rows.add(
          RowFactory.create(
              runId,
              report.suite(),
              dataset,
              r.rule(),
              r.kind(),
              r.severity().name(),
              r.status().name(),
              r.observed(),
              r.threshold(),
              r.rowsFailing(),
              report.rows(),
              report.passed(),
              published,
              evaluatedAt,
              r.message()));
    }
    try {
      spark.createDataFrame(rows, SCHEMA).writeTo(table).append();
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new NotFoundException(
          e,
          "Cannot record quality results: table %s was dropped during the run; run again to"
              + " recreate it",
          table);
    }
  }

  private Dataset<Row> publishedRuns(String suite, String dataset) {
    // other sessions and jobs append too: drop any table state this session's catalog cached
    spark.catalog().refreshTable(table);
    return spark
        .table(table)
        .where(
            col("suite")
                .equalTo(lit(suite))
                .and(col("dataset").equalTo(lit(dataset)))
                .and(col("published")));
  }

  private void createIfMissing() {
    if (spark.catalog().tableExists(table)) {
      return;
    }
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + table.substring(0, table.lastIndexOf('.')));
    spark.sql(
        "CREATE TABLE IF NOT EXISTS "
            + table
            + " ("
            + SCHEMA.toDDL()
            + ") USING iceberg PARTITIONED BY (days(evaluated_at))"
            + " TBLPROPERTIES ('format-version'='2')");
  }
}
