package io.gridata.samples.pipeline;

import static java.util.Objects.requireNonNull;

import io.gridata.lineage.AssertionResult;
import io.gridata.lineage.ColumnLineage;
import io.gridata.lineage.DatasetMetadata;
import io.gridata.lineage.DatasetRef;
import io.gridata.lineage.Env;
import io.gridata.lineage.Flow;
import io.gridata.lineage.IcebergSchemas;
import io.gridata.lineage.Job;
import io.gridata.lineage.Owner;
import io.gridata.lineage.Run;
import io.gridata.lineage.RunLineage;
import io.gridata.lineage.RunStatus;
import io.gridata.quality.QualityReport;
import io.gridata.quality.RuleResult;
import io.gridata.quality.RuleStatus;
import io.gridata.quality.Severity;
import io.gridata.spark.ingest.BatchResult;
import io.gridata.spark.ingest.IngestJobResult;
import io.gridata.spark.orders.OrdersJob;
import io.gridata.spark.orders.OrdersTable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Schema;

/**
 * What an orders run did, as lineage: the raw orders prefix read, the job (one step of the {@code
 * ecommerce_orders} flow), the orders table and its quarantine table written, with their Iceberg
 * schemas, column lineage the transforms know, the run with its result, and one assertion per
 * quality rule. gridata-quality and gridata-lineage do not know each other; the mapping of rule
 * results to assertions lives here.
 */
public final class OrdersLineage {
  /** The pipeline: one DataHub dataFlow. */
  public static final String FLOW_ID = "ecommerce_orders";

  /** The step: one DataHub dataJob. */
  public static final String JOB_ID = "load_orders";

  private final Env env;
  private final String cluster;
  private final Owner owner;

  /**
   * Lineage in environment {@code env}, the flow on {@code cluster}, tables owned by {@code owner}.
   */
  public OrdersLineage(Env env, String cluster, Owner owner) {
    this.env = requireNonNull(env, "env is null");
    this.cluster = requireNonNull(cluster, "cluster is null");
    this.owner = requireNonNull(owner, "owner is null");
  }

  /**
   * The lineage of {@code result}.
   *
   * @param rawZone the raw zone's location ({@code file:///data/zone}, {@code s3://lake/zone}); a
   *     plain path is taken as a local directory and made absolute
   * @param table the orders table's Spark name ({@code gridata.ecommerce.orders})
   * @param schema the orders table's Iceberg schema
   * @param quarantineSchema the quarantine table's Iceberg schema
   * @param start when the run started
   * @param end when it ended
   * @param quality the quality report of the run, if the gate judged it
   */
  public RunLineage of(
      IngestJobResult result,
      String rawZone,
      String table,
      Schema schema,
      Schema quarantineSchema,
      Instant start,
      Instant end,
      Optional<QualityReport> quality) {
    String zone =
        rawZone.contains(":") ? rawZone : Path.of(rawZone).toAbsolutePath().toUri().toString();
    DatasetRef raw =
        DatasetRef.forLocation(
            zone.replaceAll("/+$", "") + "/raw/" + OrdersJob.DOMAIN + "/" + OrdersJob.DATASET, env);
    DatasetRef orders = iceberg(table);
    DatasetRef quarantine = iceberg(OrdersTable.quarantineTable(table));
    Job job =
        Job.builder(
                Flow.of(FLOW_ID, cluster).withDescription("Raw orders to the orders table"), JOB_ID)
            .description("Validate, clean, quality-gate and load one day of raw orders")
            .inputs(raw)
            .outputs(orders, quarantine)
            .columnLineage(
                ColumnLineage.of(orders.field("order_id"), "trim", raw.field("order_id")))
            .columnLineage(
                ColumnLineage.of(orders.field("customer_id"), "trim", raw.field("customer_id")))
            .columnLineage(
                ColumnLineage.of(
                    orders.field("order_ts"),
                    "parse timestamp (ISO-8601, yyyy-MM-dd HH:mm:ss as UTC, epoch millis)",
                    raw.field("order_timestamp")))
            .columnLineage(
                ColumnLineage.of(
                    orders.field("subtotal"),
                    "quantity * unit_price",
                    raw.field("quantity"),
                    raw.field("unit_price")))
            .columnLineage(
                ColumnLineage.of(
                    orders.field("total_amount"),
                    "quantity * unit_price - discount + tax + shipping_cost",
                    raw.field("quantity"),
                    raw.field("unit_price"),
                    raw.field("discount"),
                    raw.field("tax"),
                    raw.field("shipping_cost")))
            .property("engine", "spark")
            .build();
    Run run =
        Run.finished(
            result.runId(), start, end, failed(result) ? RunStatus.FAILURE : RunStatus.SUCCESS);
    RunLineage.Builder lineage =
        RunLineage.builder(job, run)
            .dataset(
                DatasetMetadata.builder(orders)
                    .description("Cleaned e-commerce orders, one row per order")
                    .property("format", "iceberg/parquet")
                    .property("partitioning", "months(order_ts)")
                    .fields(IcebergSchemas.fields(schema))
                    .owner(owner)
                    .tags(
                        "ecommerce",
                        env == Env.PROD ? "production" : env.name().toLowerCase(Locale.ROOT))
                    .build())
            .dataset(
                DatasetMetadata.builder(quarantine)
                    .description("Raw orders that could not be made valid, with the reasons")
                    .fields(IcebergSchemas.fields(quarantineSchema))
                    .owner(owner)
                    .tags("ecommerce", "quarantine")
                    .build());
    quality.ifPresent(report -> lineage.assertions(assertions(report, orders, end)));
    return lineage.build();
  }

  /** One assertion per rule of {@code report} on {@code dataset}. */
  static List<AssertionResult> assertions(QualityReport report, DatasetRef dataset, Instant at) {
    List<AssertionResult> assertions = new ArrayList<>();
    for (RuleResult rule : report.results()) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("suite", report.suite());
      details.put("kind", rule.kind());
      details.put("threshold", rule.threshold());
      details.put("rowsFailing", Long.toString(rule.rowsFailing()));
      details.put("batchRows", Long.toString(report.rows()));
      if (!rule.sample().isEmpty()) {
        details.put("sample", String.join(", ", rule.sample()));
      }
      assertions.add(
          new AssertionResult(
              report.suite() + "." + rule.rule(),
              dataset,
              List.of(),
              rule.severity() == Severity.ERROR
                  ? AssertionResult.Severity.ERROR
                  : AssertionResult.Severity.WARN,
              status(rule.status()),
              rule.observed(),
              null,
              rule.message(),
              at,
              details));
    }
    return assertions;
  }

  /** A skipped rule could not be evaluated (no history, no reference table): DataHub's ERROR. */
  private static AssertionResult.Status status(RuleStatus status) {
    return switch (status) {
      case PASSED -> AssertionResult.Status.PASSED;
      case FAILED -> AssertionResult.Status.FAILED;
      case SKIPPED -> AssertionResult.Status.ERROR;
    };
  }

  private static boolean failed(IngestJobResult result) {
    return result.allRejected()
        || result.batch().map(b -> b.outcome() == BatchResult.Outcome.AUDIT_FAILED).orElse(false);
  }

  private DatasetRef iceberg(String table) {
    return iceberg(table, env);
  }

  /** {@code catalog.namespace.table} as an Iceberg dataset named {@code namespace.table}. */
  static DatasetRef iceberg(String table, Env env) {
    String[] parts = table.split("\\.");
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "Cannot name table " + table + " in lineage: expected catalog.namespace.table");
    }
    return DatasetRef.iceberg(parts[1], parts[2], env);
  }
}
