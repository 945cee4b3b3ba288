package io.gridata.pipeline;

import static java.util.Objects.requireNonNull;

import io.gridata.lineage.Env;
import io.gridata.lineage.LineagePublisher;
import io.gridata.lineage.LineageSink;
import io.gridata.lineage.Owner;
import io.gridata.lineage.PublishResult;
import io.gridata.quality.IcebergMetricHistory;
import io.gridata.quality.QualityGate;
import io.gridata.quality.QualityReport;
import io.gridata.quality.QualitySuites;
import io.gridata.spark.customer360.Customer360Job;
import io.gridata.spark.customer360.Customer360Result;
import io.gridata.spark.write.IcebergTables;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Customer 360 as {@code gridata customer360} runs it: the job over a catalog's {@code ecommerce}
 * tables, behind the shipped {@code customer360} quality suite (unless disabled), its report
 * recorded in the catalog's quality history, lineage published to a sink (a failure there is
 * reported, not fatal), and a summary printed.
 *
 * <pre>{@code
 * Customer360Pipeline.Outcome outcome =
 *     new Customer360Pipeline(spark, "lake", true)
 *         .run(LocalDate.parse("2026-11-03"), Optional.of(LineageSink.file(path)), out, err);
 * }</pre>
 */
public final class Customer360Pipeline {
  private final SparkSession spark;
  private final String catalog;
  private final boolean quality;

  /** Runs on the tables of {@code catalog} (its {@code ecommerce} and {@code analytics} ones). */
  public Customer360Pipeline(SparkSession spark, String catalog, boolean quality) {
    this.spark = requireNonNull(spark, "spark is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.quality = quality;
  }

  /**
   * What a run did.
   *
   * @param result the job's result
   * @param quality the gate's report, when the gate ran
   */
  public record Outcome(Customer360Result result, Optional<QualityReport> quality) {
    /** True when the gate kept the new table off {@code main}. */
    public boolean refused() {
      return result.outcome() == Customer360Result.Outcome.AUDIT_FAILED;
    }
  }

  /** Runs as of {@code asOf}, publishing lineage to {@code lineage} if given; prints to out/err. */
  public Outcome run(
      LocalDate asOf, Optional<LineageSink> lineage, PrintWriter out, PrintWriter err) {
    Customer360Lineage.Tables tables = tables();
    Customer360Job.Builder builder =
        Customer360Job.builder(spark)
            .ordersTable(tables.orders())
            .customersTable(tables.customers())
            .clickstreamTable(tables.clickstream())
            .table(tables.output());
    Customer360Audit audit = null;
    if (quality) {
      audit =
          new Customer360Audit(
              spark,
              new QualityGate(
                  spark,
                  QualitySuites.customer360(tables.customers()),
                  IcebergMetricHistory.inCatalog(spark, catalog)),
              tables.output());
      builder.audit(audit);
    }
    Instant start = Instant.now();
    Customer360Result result = builder.build().run(asOf);
    Optional<QualityReport> report = audit == null ? Optional.empty() : audit.record(result);
    print(result, out);
    report.ifPresent(r -> out.println("    " + r.summary()));
    lineage.ifPresent(sink -> publish(sink, result, tables, start, report, out, err));
    out.flush();
    err.flush();
    return new Outcome(result, report);
  }

  /** The job's tables in this catalog. */
  public Customer360Lineage.Tables tables() {
    return new Customer360Lineage.Tables(
        inCatalog(Customer360Job.DEFAULT_CUSTOMERS_TABLE),
        inCatalog(Customer360Job.DEFAULT_ORDERS_TABLE),
        inCatalog(Customer360Job.DEFAULT_CLICKSTREAM_TABLE),
        inCatalog(Customer360Job.DEFAULT_TABLE));
  }

  private String inCatalog(String table) {
    return catalog + table.substring(table.indexOf('.'));
  }

  private static void print(Customer360Result result, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "customer 360 as of %s: %s, %d customers | orders %d (%d of unknown customers) | events"
            + " %d (%d anonymous, %d of unknown customers) | snapshot %s | %.1f s%n",
        result.asOf(),
        result.outcome(),
        result.customersWritten(),
        result.counts().orders(),
        result.orphanOrders(),
        result.counts().events(),
        result.anonymousEvents(),
        result.counts().orphanEvents(),
        result.publishedSnapshotId().map(String::valueOf).orElse("-"),
        result.elapsed().toMillis() / 1000.0);
  }

  private void publish(
      LineageSink sink,
      Customer360Result result,
      Customer360Lineage.Tables tables,
      Instant start,
      Optional<QualityReport> report,
      PrintWriter out,
      PrintWriter err) {
    try (LineagePublisher publisher = LineagePublisher.builder(sink).build()) {
      PublishResult published =
          publisher.publish(
              new Customer360Lineage(
                      Env.PROD, "prod", Owner.group("analytics", Owner.Type.TECHNICAL_OWNER))
                  .of(
                      result.runId(),
                      tables,
                      IcebergTables.load(spark, tables.output()).schema(),
                      start,
                      start.plus(result.elapsed()),
                      result.outcome() == Customer360Result.Outcome.PUBLISHED,
                      report));
      if (published.success()) {
        out.printf("    lineage: %d proposals to %s%n", published.sent(), published.sink());
      } else {
        err.printf(
            "lineage not published to %s: %s%n",
            published.sink(), published.error().orElse("unknown error"));
      }
    } catch (RuntimeException e) {
      err.printf("lineage not published: %s%n", e.getMessage());
    }
  }
}
