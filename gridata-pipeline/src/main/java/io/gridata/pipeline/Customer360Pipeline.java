package io.gridata.pipeline;

import static java.util.Objects.requireNonNull;

import io.gridata.core.run.RunId;
import io.gridata.lineage.LineagePublisher;
import io.gridata.lineage.LineageSink;
import io.gridata.lineage.PublishResult;
import io.gridata.quality.IcebergMetricHistory;
import io.gridata.quality.QualityConfigException;
import io.gridata.quality.QualityGate;
import io.gridata.quality.QualityReport;
import io.gridata.quality.QualitySuite;
import io.gridata.quality.QualitySuites;
import io.gridata.spark.customer360.Customer360Job;
import io.gridata.spark.customer360.Customer360Result;
import io.gridata.spark.write.IcebergTables;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Customer 360 as {@code gridata customer360} runs it: the job over a catalog's {@code ecommerce}
 * tables into its {@code analytics.customer_360}, behind the shipped {@code customer360} quality
 * suite (unless replaced or left out), the gate's report recorded in the catalog's quality history,
 * lineage published to a sink, and a summary printed to the console.
 *
 * <pre>{@code
 * Customer360Outcome outcome =
 *     Customer360Pipeline.builder(spark, "lake")
 *         .lineage(() -> LineageSink.file(Path.of("lineage.json")))
 *         .build()
 *         .run(LocalDate.parse("2026-11-03"));
 * if (outcome.refused()) {
 *   // the gate kept the new rows off main: outcome.quality() says why
 * }
 * }</pre>
 *
 * <p>The job's failures (a missing input table, Spark, the catalog) are thrown. After the job
 * published or refused, nothing fails the run: a quality history that cannot be written is in
 * {@link Customer360Outcome#historyError()} and on the console, a lineage failure on the console. A
 * pipeline is immutable and can run many dates; one run at a time per pipeline object.
 */
public final class Customer360Pipeline {
  private final SparkSession spark;
  private final Customer360Lineage.Tables tables;
  private final Optional<QualitySuite> suite;
  private final String qualityHistory;
  private final Optional<Supplier<LineageSink>> lineage;
  private final LineageIdentity lineageIdentity;
  private final PrintWriter out;
  private final PrintWriter err;

  private Customer360Pipeline(Builder b, Optional<QualitySuite> suite) {
    this.spark = b.spark;
    this.tables = b.tables;
    this.suite = suite;
    this.qualityHistory = b.qualityHistory;
    this.lineage = b.lineage;
    this.lineageIdentity = b.lineageIdentity;
    this.out = b.out;
    this.err = b.err;
  }

  /**
   * A pipeline on the tables of {@code catalog}: its {@code ecommerce.customers}, {@code
   * ecommerce.orders} and {@code ecommerce.clickstream} into {@code analytics.customer_360}.
   *
   * @param spark the session the job runs in, with the catalog
   * @param catalog the catalog's name in {@code spark}
   */
  public static Builder builder(SparkSession spark, String catalog) {
    return new Builder(spark, catalog);
  }

  /** The job's tables. */
  public Customer360Lineage.Tables tables() {
    return tables;
  }

  /** Runs as of {@code asOf} as a fresh run {@code customer360-<date>-<8 hex digits>}. */
  public Customer360Outcome run(LocalDate asOf) {
    requireNonNull(asOf, "asOf is null");
    return run(asOf, RunId.generate("customer360", asOf));
  }

  /**
   * Runs as of {@code asOf} (orders and events up to the end of that UTC day) as run {@code runId}.
   *
   * <p>The job's failures are thrown (an input table missing, Spark, a commit); the report's
   * history and the lineage are reported instead, after the publish.
   */
  public Customer360Outcome run(LocalDate asOf, RunId runId) {
    requireNonNull(asOf, "asOf is null");
    requireNonNull(runId, "runId is null");
    Customer360Job.Builder job =
        Customer360Job.builder(spark)
            .ordersTable(tables.orders())
            .customersTable(tables.customers())
            .clickstreamTable(tables.clickstream())
            .table(tables.output());
    Optional<Customer360Audit> audit =
        suite.map(
            s ->
                new Customer360Audit(
                    spark,
                    new QualityGate(spark, s, new IcebergMetricHistory(spark, qualityHistory)),
                    tables.output()));
    audit.ifPresent(job::audit);
    Instant start = Instant.now();
    Customer360Result result = job.build().run(asOf, runId);
    Optional<QualityReport> report = audit.flatMap(a -> a.report(result.runId()));
    print(result, out);
    report.ifPresent(r -> out.println("    " + r.summary()));
    Optional<String> historyError = audit.flatMap(a -> record(a, result));
    lineage.ifPresent(sinks -> publish(sinks, result, start, report));
    out.flush();
    err.flush();
    return new Customer360Outcome(runId, result, report, historyError);
  }

  /** Records the gate's report; the table is published or refused by now, so never fatal. */
  private Optional<String> record(Customer360Audit audit, Customer360Result result) {
    try {
      audit.record(result);
      return Optional.empty();
    } catch (Exception e) { // Spark's AnalysisException is a checked one Scala throws undeclared
      String error = String.valueOf(e.getMessage());
      err.printf("quality history %s not written: %s%n", qualityHistory, error);
      return Optional.of(error);
    }
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

  /** Publishes the run's lineage; a failure (of the sink too) is printed, never fatal. */
  private void publish(
      Supplier<LineageSink> sinks,
      Customer360Result result,
      Instant start,
      Optional<QualityReport> report) {
    try (LineagePublisher publisher = LineagePublisher.builder(sinks.get()).build()) {
      PublishResult published =
          publisher.publish(
              new Customer360Lineage(lineageIdentity)
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

  /** A {@link Customer360Pipeline}'s parts; every one has a default. */
  public static final class Builder {
    private final SparkSession spark;
    private final String catalog;
    private Customer360Lineage.Tables tables;
    private boolean gate = true;
    private Optional<QualitySuite> suite = Optional.empty();
    private String qualityHistory;
    private Optional<Supplier<LineageSink>> lineage = Optional.empty();
    private LineageIdentity lineageIdentity = Customer360Lineage.DEFAULT_IDENTITY;
    private PrintWriter out = new PrintWriter(System.out, true);
    private PrintWriter err = new PrintWriter(System.err, true);

    private Builder(SparkSession spark, String catalog) {
      this.spark = requireNonNull(spark, "spark is null");
      this.catalog = requireNonNull(catalog, "catalog is null");
      this.tables =
          new Customer360Lineage.Tables(
              inCatalog(Customer360Job.DEFAULT_CUSTOMERS_TABLE),
              inCatalog(Customer360Job.DEFAULT_ORDERS_TABLE),
              inCatalog(Customer360Job.DEFAULT_CLICKSTREAM_TABLE),
              inCatalog(Customer360Job.DEFAULT_TABLE));
      this.qualityHistory = IcebergMetricHistory.tableInCatalog(catalog);
    }

    private String inCatalog(String table) {
      return catalog + table.substring(table.indexOf('.'));
    }

    /** The input and output tables; default the catalog's (see {@link #builder}). */
    public Builder tables(Customer360Lineage.Tables tables) {
      this.tables = requireNonNull(tables, "tables is null");
      return this;
    }

    /**
     * Judges the staged rows with {@code suite} and records the report in {@code historyTable};
     * default the shipped {@code customer360} suite (its reference rule on the customers table) and
     * {@code <catalog>.quality.results}.
     */
    public Builder qualityGate(QualitySuite suite, String historyTable) {
      this.suite = Optional.of(requireNonNull(suite, "suite is null"));
      this.qualityHistory = requireNonNull(historyTable, "historyTable is null");
      this.gate = true;
      return this;
    }

    /** Publishes without a quality gate ({@code gridata customer360 --no-quality}). */
    public Builder withoutQualityGate() {
      this.gate = false;
      return this;
    }

    /**
     * Publishes lineage to the sink {@code sinks} opens after the job (a failure to open or publish
     * is printed, never fatal); default no lineage.
     */
    public Builder lineage(Supplier<LineageSink> sinks) {
      this.lineage = Optional.of(requireNonNull(sinks, "sinks is null"));
      return this;
    }

    /**
     * Where the lineage belongs: environment, cluster, owner; default {@link
     * Customer360Lineage#DEFAULT_IDENTITY} ({@code PROD}, {@code prod}, group {@code analytics}).
     */
    public Builder lineageIdentity(LineageIdentity identity) {
      this.lineageIdentity = requireNonNull(identity, "identity is null");
      return this;
    }

    /** Where the run prints its summary, the gate's, lineage and history; default stdout/err. */
    public Builder console(PrintWriter out, PrintWriter err) {
      this.out = requireNonNull(out, "out is null");
      this.err = requireNonNull(err, "err is null");
      return this;
    }

    /**
     * The pipeline, its parts checked before anything runs.
     *
     * @throws IllegalArgumentException if the quality history is not {@code
     *     catalog.namespace.table}
     */
    public Customer360Pipeline build() {
      if (!gate) {
        return new Customer360Pipeline(this, Optional.empty());
      }
      try {
        IcebergMetricHistory.checkName(qualityHistory);
      } catch (QualityConfigException e) {
        throw new IllegalArgumentException(
            "Cannot build the Customer 360 pipeline: the quality history '"
                + qualityHistory
                + "' is not catalog.namespace.table; give e.g."
                + " IcebergMetricHistory.tableInCatalog(\"<catalog>\")",
            e);
      }
      return new Customer360Pipeline(
          this, Optional.of(suite.orElseGet(() -> QualitySuites.customer360(tables.customers()))));
    }
  }
}
