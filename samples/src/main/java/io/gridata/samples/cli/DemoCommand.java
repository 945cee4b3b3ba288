package io.gridata.samples.cli;

import io.gridata.core.alert.AlertSink;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.retry.RetryPolicy;
import io.gridata.core.run.RunId;
import io.gridata.core.trigger.DownstreamTrigger;
import io.gridata.lineage.LineageSink;
import io.gridata.pipeline.Customer360Pipeline;
import io.gridata.pipeline.IngestOutcome;
import io.gridata.pipeline.IngestPipeline;
import io.gridata.quality.IcebergMetricHistory;
import io.gridata.quality.QualitySuite;
import io.gridata.quality.QualitySuites;
import io.gridata.samples.demo.DemoDrops;
import io.gridata.samples.demo.DemoReceiver;
import io.gridata.spark.clickstream.ClickstreamSpec;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.spark.customers.CustomersSpec;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.ingest.IngestTables;
import io.gridata.spark.orders.OrdersSpec;
import io.gridata.testkit.Backend;
import io.gridata.testkit.LakehouseStack;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The embedded demo: generates a few days of raw drops (customers, clickstream and orders, with bad
 * rows and bad files) in a local raw zone, runs each dataset's pipeline for each day ({@link
 * IngestPipeline}, the same steps as {@code gridata ingest}) into an embedded Iceberg catalog (JDBC
 * on a SQLite file), the orders behind their quality suite, with lineage to a file and the
 * downstream trigger and alerts sent to an in-process receiver that prints what it gets; re-runs
 * the first day to show that nothing is written twice; then recomputes Customer 360 as of the last
 * day and prints what happened. No external service. Then the streaming part ({@link DemoStreams}):
 * a Kafka broker in a child JVM and the three event topics streamed into their tables. With {@code
 * --trino} (and Java 24+) it runs on the testkit's local stack instead and ends with a query
 * through Trino ({@link DemoTrino}).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Generate a few days of raw customers, clickstream and orders with defects, run their"
            + " pipelines on embedded defaults (local raw zone, embedded Iceberg catalog) with the"
            + " orders quality suite, lineage to a file, trigger and alerts to an in-process"
            + " receiver; then Customer 360; then streams clicks, order updates and stock changes"
            + " from an embedded Kafka broker. Prints a summary and writes an HTML report per"
            + " run.")
final class DemoCommand implements Callable<Integer> {
  /** A fixed demo secret: the receiver prints the signature header it got. */
  private static final String TRIGGER_SECRET = "gridata-demo-secret";

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

  @Option(
      names = "--trino",
      description =
          "Also query the serving views through Trino (needs Java 24+: TRINO_JAVA_HOME or a JDK"
              + " beside this one; 30 to 60 s more; the first run fetches the 821 MB server"
              + " through Maven). The demo then runs on the local stack (S3 server, REST catalog)"
              + " Trino reads. Without Java 24+ it says how to get one and runs without Trino.")
  boolean trino;

  @Option(
      names = "--no-stream",
      description =
          "Skip the streaming part (a Kafka broker in a child JVM, the three event topics"
              + " streamed into their tables; about 30 s).")
  boolean noStream;

  /**
   * Runs the demo. The Spark context is left to the JVM's shutdown hook, like {@code ingest}'s, so
   * a caller in the same JVM (tests) can go on using it.
   */
  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (orders < 1 || days < 1) {
      spec.commandLine().getErr().println("gridata demo: --orders and --days must be >= 1");
      return GridataCli.EXIT_USAGE;
    }
    Path dir = workdir != null ? workdir : Files.createTempDirectory("gridata-demo-");
    Path zoneDir = dir.resolve("zone");
    DemoTrino.Plan trinoPlan = DemoTrino.plan(trino);
    LakehouseStack stack =
        trinoPlan.start() ? LakehouseStack.start(Backend.LOCAL, dir.resolve("stack")) : null;
    CatalogConfig catalog =
        stack != null
            ? DemoTrino.catalogOn(stack)
            : CatalogConfig.embedded(dir.resolve("warehouse"));
    out.printf(
        "gridata demo: %d days of ~%d orders from %d customers in %s%n",
        days, orders, DemoDrops.customerPool(orders), dir);
    Path lineage = dir.resolve("lineage.json");
    Path reports = Files.createDirectories(dir.resolve("reports"));
    out.printf(
        "  raw zone  %s%n  catalog   %s%n  lineage   %s (DataHub metadata change proposals)%n"
            + "  reports   %s%n",
        zoneDir.toUri(), catalog.uri().orElseThrow(), lineage, reports);
    out.flush();

    LocalDate first = LocalDate.of(2026, 11, 1);
    LocalDate last = first.plusDays(days - 1L);
    out.println("  " + trinoPlan.line());
    try (stack;
        DemoReceiver receiver = DemoReceiver.start(out);
        RawZone zone = RawZone.open(zoneDir.toUri().toString())) {
      out.printf("  receiver  %s (downstream trigger and alerts)%n", receiver.url(""));
      Demo demo = new Demo(zone, zoneDir, catalog, lineage, reports, receiver);
      Optional<QualitySuite> ordersSuite = Optional.of(QualitySuites.orders(catalog.name()));
      for (int i = 0; i < days; i++) {
        LocalDate day = first.plusDays(i);
        DemoDrops.write(zoneDir, day, i, orders, seed);
        out.printf("%n%s: drop of customers, clickstream and orders landed%n", day);
        out.flush();
        demo.run(new CustomersSpec(), Optional.empty(), day);
        demo.run(new ClickstreamSpec(), Optional.empty(), day);
        demo.run(new OrdersSpec(), ordersSuite, day);
      }
      out.printf("%nre-run of %s (nothing new may be written):%n", first);
      demo.run(new OrdersSpec(), ordersSuite, first);
      out.printf("%n");
      out.flush();
      SparkSession spark = LocalSpark.session("gridata-demo", catalog);
      Customer360Pipeline.builder(spark, catalog.name())
          .lineage(() -> LineageSink.file(lineage))
          .console(out, spec.commandLine().getErr())
          .build()
          .run(last);
      summary(spark, catalog.name(), out);
      if (stack != null) {
        DemoTrino.show(stack, catalog, last, dir.resolve("trino"), out);
      }
      if (!noStream) {
        new DemoStreams(spark, catalog.name(), dir.resolve("stream"), out)
            .run(
                last,
                Math.max(30, orders / 2),
                Math.max(30, orders / 5),
                Math.max(10, orders / 10),
                seed);
      }
      if (demo.failed > 0) {
        spec.commandLine().getErr().printf("gridata demo: %d run(s) failed%n", demo.failed);
        return IngestCommand.EXIT_FAILED;
      }
    }
    return 0;
  }

  /** Runs of the demo's pipelines, all with the same catalog, lineage file and receiver. */
  private final class Demo {
    private final RawZone zone;
    private final Path zoneDir;
    private final CatalogConfig catalog;
    private final Path lineage;
    private final Path reports;
    private final DownstreamTrigger trigger;
    private final AlertSink alerts;
    private int failed;

    Demo(
        RawZone zone,
        Path zoneDir,
        CatalogConfig catalog,
        Path lineage,
        Path reports,
        DemoReceiver receiver) {
      this.zone = zone;
      this.zoneDir = zoneDir;
      this.catalog = catalog;
      this.lineage = lineage;
      this.reports = reports;
      this.trigger =
          new DownstreamTrigger(
              List.of(receiver.url("trigger")),
              Optional.of(TRIGGER_SECRET),
              RetryPolicy.defaults(),
              Duration.ofSeconds(10));
      this.alerts =
          AlertSink.webhook(receiver.url("alerts"), RetryPolicy.defaults(), Duration.ofSeconds(10));
    }

    /** Runs {@code day} of {@code dataset}, behind {@code suite}'s gate when there is one. */
    void run(IngestSpec dataset, Optional<QualitySuite> suite, LocalDate day)
        throws java.io.IOException {
      String table = catalog.name() + "." + dataset.domain() + "." + dataset.dataset();
      RawPartition partition = RawPartition.of(dataset.domain(), dataset.dataset(), day);
      IngestPipeline.Builder pipeline =
          IngestPipeline.builder(() -> LocalSpark.session("gridata-demo", catalog), zone, dataset)
              .table(table)
              .rawLocation(zoneDir.toUri().toString())
              .lineage(() -> LineageSink.file(lineage))
              .trigger(trigger)
              .alerts(List.of(alerts))
              .console(spec.commandLine().getOut(), spec.commandLine().getErr());
      suite.ifPresent(
          s -> pipeline.qualityGate(s, IcebergMetricHistory.tableInCatalog(catalog.name())));
      IngestOutcome outcome =
          pipeline.build().run(partition, RunId.generate(dataset.dataset(), day));
      RunPrinter.print(spec.commandLine(), outcome, partition, table);
      if (!outcome.summary().succeeded()) {
        failed++;
      }
      Optional<String> html = outcome.reportHtml(table);
      if (html.isPresent()) {
        Path report = reports.resolve(outcome.summary().runId() + ".html");
        Files.writeString(report, html.get());
        spec.commandLine().getOut().printf("    run report %s%n", report);
      }
      spec.commandLine().getOut().flush();
    }
  }

  private static void summary(SparkSession spark, String catalog, PrintWriter out) {
    out.printf("%ntables:%n");
    for (String name :
        List.of(
            "ecommerce.customers",
            "ecommerce.clickstream",
            "ecommerce.orders",
            "analytics.customer_360")) {
      String table = catalog + "." + name;
      long rows = spark.table(table).count();
      long snapshots = spark.sql("SELECT * FROM " + table + ".snapshots").count();
      String quarantine = IngestTables.quarantineTable(table);
      out.printf(
          "  %-34s %8d rows, %d snapshots%s%n",
          table,
          rows,
          snapshots,
          spark.catalog().tableExists(quarantine)
              ? String.format(", %d quarantined", spark.table(quarantine).count())
              : "");
    }
    out.printf("customer 360 by segment and activity status:%n");
    for (Row row :
        spark
            .sql(
                "SELECT segment, activity_status, count(*) AS customers,"
                    + " round(avg(churn_risk), 3) AS avg_churn_risk FROM "
                    + catalog
                    + ".analytics.customer_360 GROUP BY segment, activity_status"
                    + " ORDER BY segment, activity_status")
            .collectAsList()) {
      out.printf(
          "  %-14s %-16s %6d customers, average churn risk %s%n",
          row.getString(0), row.getString(1), row.getLong(2), row.get(3));
    }
    out.flush();
  }
}
