package io.gridata.samples.cli;

import io.gridata.core.rawzone.RawZone;
import io.gridata.lineage.LineageSink;
import io.gridata.quality.IcebergMetricHistory;
import io.gridata.quality.QualityGate;
import io.gridata.quality.QualityReport;
import io.gridata.quality.QualitySuites;
import io.gridata.samples.demo.DemoDrops;
import io.gridata.samples.pipeline.QualityAudit;
import io.gridata.samples.pipeline.RunReport;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.spark.ingest.IngestJob;
import io.gridata.spark.ingest.IngestJobResult;
import io.gridata.spark.orders.OrdersJob;
import io.gridata.spark.orders.OrdersTable;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The embedded demo: generates a few days of raw order drops (with bad rows and bad files) in a
 * local raw zone, runs the orders job for each day into an embedded Iceberg catalog (JDBC on a
 * SQLite file), re-runs the first day to show that nothing is written twice, and prints what
 * happened. No external service.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Generate a few days of raw orders with defects, run the orders pipeline on embedded"
            + " defaults (local raw zone, embedded Iceberg catalog) behind the orders quality"
            + " suite, publish lineage to a file, print a summary.")
final class DemoCommand implements Callable<Integer> {
  static final String TABLE = OrdersJob.DEFAULT_TABLE;

  @Spec CommandSpec spec;

  @Option(
      names = "--workdir",
      description = "Directory for the raw zone and the warehouse (default: a new temp dir).")
  Path workdir;

  @Option(
      names = "--orders",
      defaultValue = "3000",
      description = "Orders per day, roughly (default: ${DEFAULT-VALUE}).")
  int orders;

  @Option(
      names = "--days",
      defaultValue = "3",
      description = "Days of drops (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "42", description = "Generator seed.")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (orders < 1 || days < 1) {
      spec.commandLine().getErr().println("gridata demo: --orders and --days must be >= 1");
      return GridataCli.EXIT_USAGE;
    }
    Path dir = workdir != null ? workdir : Files.createTempDirectory("gridata-demo-");
    Path zoneDir = dir.resolve("zone");
    CatalogConfig catalog = CatalogConfig.embedded(dir.resolve("warehouse"));
    out.printf("gridata demo: %d days of ~%d orders in %s%n", days, orders, dir);
    Path lineage = dir.resolve("lineage.json");
    Path reports = Files.createDirectories(dir.resolve("reports"));
    out.printf(
        "  raw zone  %s%n  catalog   %s%n  lineage   %s (DataHub metadata change proposals)%n",
        zoneDir.toUri(), catalog.uri().orElseThrow(), lineage);
    out.flush();

    SparkSession spark = LocalSpark.session("gridata-demo", catalog);
    LocalDate first = LocalDate.of(2026, 11, 1);
    try (RawZone zone = RawZone.open(zoneDir.toUri().toString())) {
      QualityAudit audit =
          new QualityAudit(
              spark,
              new QualityGate(
                  spark,
                  QualitySuites.orders(catalog.name()),
                  IcebergMetricHistory.inCatalog(spark, catalog.name())),
              TABLE);
      IngestJob.Builder builder = OrdersJob.builder(spark, zone).table(TABLE).audit(audit);
      audit.rowChecks().ifPresent(builder::rowChecks);
      IngestJob job = builder.build();
      for (int i = 0; i < days; i++) {
        LocalDate day = first.plusDays(i);
        DemoDrops.write(zoneDir, day, i, orders, seed);
        Instant start = Instant.now();
        IngestJobResult result = job.run(day);
        RunPrinter.print(out, result);
        Optional<QualityReport> quality = audit.record(result);
        quality.ifPresent(report -> out.println("    " + report.summary()));
        Path report = reports.resolve(result.runId() + ".html");
        Files.writeString(
            report, new RunReport(result, TABLE, quality, List.of(), List.of()).html());
        out.printf("    run report %s%n", report);
        LineageOutput.publish(
            spark,
            LineageSink.file(lineage),
            result,
            zoneDir.toUri().toString(),
            TABLE,
            start,
            quality,
            spec.commandLine());
      }
      IngestJobResult rerun = job.run(first);
      out.printf(
          "re-run of %s: %d files already ingested, %d rows written%n",
          first, rerun.filesAccepted(), rerun.rowsWritten());
    }
    long rows = spark.table(TABLE).count();
    long snapshots = spark.sql("SELECT * FROM " + TABLE + ".snapshots").count();
    long quarantined = spark.table(OrdersTable.quarantineTable(TABLE)).count();
    out.printf(
        "%s: %d rows, %d snapshots; %s: %d rows%n",
        TABLE, rows, snapshots, OrdersTable.quarantineTable(TABLE), quarantined);
    out.flush();
    spark.stop();
    return 0;
  }
}
