package io.gridata.pipeline;

import static java.util.Objects.requireNonNull;

import io.gridata.core.contract.ColumnSpec;
import io.gridata.core.contract.ColumnType;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.lineage.AssertionResult;
import io.gridata.lineage.ColumnLineage;
import io.gridata.lineage.DatasetMetadata;
import io.gridata.lineage.DatasetRef;
import io.gridata.lineage.Env;
import io.gridata.lineage.FieldRef;
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
import io.gridata.spark.ingest.DerivedColumn;
import io.gridata.spark.ingest.IngestJobResult;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.ingest.IngestTables;
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
 * What an ingestion run did, as lineage: the raw prefix read ({@code raw/<domain>/<dataset>}), the
 * job ({@code load_<dataset>}, one step of the {@code <domain>_<dataset>} flow), the table and its
 * quarantine table written, with their Iceberg schemas, column lineage from the raw columns to the
 * table columns (each column the contract and the table share, and the orders' derived amounts),
 * the run with its result, and one assertion per quality rule. gridata-quality and gridata-lineage
 * do not know each other; the mapping of rule results to assertions lives here.
 */
public final class IngestLineage {
  /** {@code PROD}, cluster {@code prod}, tables owned by the {@code data-platform} group. */
  public static final LineageIdentity DEFAULT_IDENTITY =
      LineageIdentity.production("data-platform");

  private final Env env;
  private final String cluster;
  private final Owner owner;

  /** Lineage in {@code identity}'s environment, the flow on its cluster, tables of its owner. */
  public IngestLineage(LineageIdentity identity) {
    requireNonNull(identity, "identity is null");
    this.env = identity.env();
    this.cluster = identity.cluster();
    this.owner = identity.owner();
  }

  /**
   * The pipeline of {@code partition}'s dataset: one DataHub dataFlow, {@code <domain>_<dataset>}.
   */
  public static String flowId(RawPartition partition) {
    return partition.domain() + "_" + partition.dataset();
  }

  /** The step: one DataHub dataJob, {@code load_<dataset>}. */
  public static String jobId(RawPartition partition) {
    return "load_" + partition.dataset();
  }

  /**
   * The lineage of {@code result}.
   *
   * @param rawZone the raw zone's location ({@code file:///data/zone}, {@code s3://lake/zone}); a
   *     plain path is taken as a local directory and made absolute
   * @param spec the dataset
   * @param table the table's Spark name ({@code gridata.ecommerce.orders})
   * @param schema the table's Iceberg schema
   * @param quarantineSchema the quarantine table's Iceberg schema
   * @param start when the run started
   * @param end when it ended
   * @param quality the quality report of the run, if the gate judged it
   */
  public RunLineage of(
      IngestJobResult result,
      IngestSpec spec,
      String rawZone,
      String table,
      Schema schema,
      Schema quarantineSchema,
      Instant start,
      Instant end,
      Optional<QualityReport> quality) {
    String zone =
        rawZone.contains(":") ? rawZone : Path.of(rawZone).toAbsolutePath().toUri().toString();
    RawPartition partition = result.partition();
    DatasetRef raw =
        DatasetRef.forLocation(
            zone.replaceAll("/+$", "") + "/raw/" + partition.domain() + "/" + partition.dataset(),
            env);
    Job job =
        job(
            jobId(partition),
            "Validate, clean, quality-gate and load one day of raw " + partition.dataset(),
            raw,
            spec,
            table);
    Run run =
        Run.finished(
            result.runId(), start, end, failed(result) ? RunStatus.FAILURE : RunStatus.SUCCESS);
    RunLineage.Builder lineage = lineage(job, run, spec, table, schema, quarantineSchema);
    quality.ifPresent(report -> lineage.assertions(assertions(report, iceberg(table), end)));
    return lineage.build();
  }

  /** The step that streams a Kafka topic into the dataset's table: {@code stream_<topic>}. */
  public static String streamJobId(String topic) {
    return "stream_" + topic;
  }

  /**
   * The lineage of a streaming job over a reporting window: the Kafka topic (platform {@code
   * kafka}) read, the job {@code stream_<topic>} in the dataset's flow (beside the batch load), the
   * table and its quarantine table written, column lineage as for the batch path, and {@code run}:
   * the micro-batches of the window as one run.
   *
   * @param spec the dataset
   * @param topic the Kafka topic
   * @param table the table's Spark name ({@code gridata.ecommerce.clickstream})
   * @param schema the table's Iceberg schema
   * @param quarantineSchema the quarantine table's Iceberg schema
   * @param run the window's run (id, start, end, status, properties)
   */
  public RunLineage ofStream(
      IngestSpec spec,
      String topic,
      String table,
      Schema schema,
      Schema quarantineSchema,
      Run run) {
    Job job =
        job(
            streamJobId(topic),
            "Validate, clean and load " + spec.dataset() + " events from Kafka, exactly once",
            new DatasetRef("kafka", topic, env),
            spec,
            table);
    return lineage(job, run, spec, table, schema, quarantineSchema).build();
  }

  /** A job of the dataset's flow from {@code input} to the table and its quarantine table. */
  private Job job(
      String jobId, String description, DatasetRef input, IngestSpec spec, String table) {
    DatasetRef target = iceberg(table);
    Job.Builder job =
        Job.builder(
                Flow.of(spec.domain() + "_" + spec.dataset(), cluster)
                    .withDescription("Raw " + spec.dataset() + " to " + table),
                jobId)
            .description(description)
            .inputs(input)
            .outputs(target, iceberg(IngestTables.quarantineTable(table)))
            .property("engine", "spark");
    for (ColumnSpec column : spec.contract().columns()) {
      if (spec.tableColumns().contains(column.name())) {
        job.columnLineage(
            ColumnLineage.of(
                target.field(column.name()),
                column.type() == ColumnType.TIMESTAMP
                    ? DerivedColumn.TIMESTAMP_PARSE
                    : "trim, blank to null, normalize",
                input.field(column.name())));
      }
    }
    for (DerivedColumn derived : spec.derivedColumns()) {
      job.columnLineage(
          ColumnLineage.of(
              target.field(derived.column()),
              derived.transformation(),
              derived.sources().stream().map(input::field).toArray(FieldRef[]::new)));
    }
    return job.build();
  }

  /** {@code job}'s {@code run} with the table's and the quarantine table's metadata. */
  private RunLineage.Builder lineage(
      Job job, Run run, IngestSpec spec, String table, Schema schema, Schema quarantineSchema) {
    return RunLineage.builder(job, run)
        .dataset(
            DatasetMetadata.builder(iceberg(table))
                .description("Cleaned " + spec.domain() + " " + spec.dataset())
                .property("format", "iceberg/parquet")
                .property(
                    "partitioning",
                    spec.layout().partitionBy().isBlank() ? "none" : spec.layout().partitionBy())
                .fields(IcebergSchemas.fields(schema))
                .owner(owner)
                .tags(
                    spec.domain(),
                    env == Env.PROD ? "production" : env.name().toLowerCase(Locale.ROOT))
                .build())
        .dataset(
            DatasetMetadata.builder(iceberg(IngestTables.quarantineTable(table)))
                .description(
                    "Raw " + spec.dataset() + " that could not be made valid, with reasons")
                .fields(IcebergSchemas.fields(quarantineSchema))
                .owner(owner)
                .tags(spec.domain(), "quarantine")
                .build());
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
