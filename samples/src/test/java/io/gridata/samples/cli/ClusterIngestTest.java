package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.lineage.LineageSink;
import io.gridata.pipeline.Customer360Pipeline;
import io.gridata.pipeline.IngestOutcome;
import io.gridata.pipeline.IngestPipeline;
import io.gridata.quality.IcebergMetricHistory;
import io.gridata.quality.QualitySuite;
import io.gridata.quality.QualitySuites;
import io.gridata.samples.demo.DemoDrops;
import io.gridata.spark.clickstream.ClickstreamSpec;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.spark.customers.CustomersSpec;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.orders.OrdersSpec;
import io.gridata.testkit.SparkCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipelines on a real Spark standalone cluster (master, two workers, executors in their own
 * JVMs; driver in this JVM, client mode): a demo day of customers, clickstream and orders with bad
 * files and rows, through validation, transforms, quarantine, the orders quality gate, the staged
 * publish and lineage ({@code IngestPipeline}), then Customer 360 behind its suite ({@code
 * Customer360Pipeline}). The executors did the tasks, and every table equals, row by row, a {@code
 * local[*]} run of the same drop (run metadata aside), with the same lineage. Tagged {@code
 * integration}.
 */
@Tag("integration")
class ClusterIngestTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 2);
  private static final List<String> TABLES =
      List.of(
          "gridata.ecommerce.orders",
          "gridata.ecommerce.orders_quarantine",
          "gridata.ecommerce.customers",
          "gridata.ecommerce.customers_quarantine",
          "gridata.ecommerce.clickstream",
          "gridata.ecommerce.clickstream_quarantine",
          "gridata.analytics.customer_360");

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theJobsOnAClusterWriteWhatALocalRunWrites() throws Exception {
    stopSparkOfEarlierTests();
    Set<String> executors = ConcurrentHashMap.newKeySet();
    Map<String, List<String>> onCluster;
    try (SparkCluster cluster = new SparkCluster(2).withDirectory(dir.resolve("cluster")).start()) {
      CatalogConfig catalog = CatalogConfig.embedded(dir.resolve("wh-cluster"));
      SparkSession.Builder builder =
          catalog
              .configure(
                  SparkSession.builder().appName("cluster-ingest").master(cluster.masterUrl()))
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.shuffle.partitions", "4");
      cluster.driverConf().forEach(builder::config);
      SparkSession spark = builder.getOrCreate();
      try {
        catalog.register(spark);
        spark
            .sparkContext()
            .addSparkListener(
                new SparkListener() {
                  @Override
                  public void onTaskEnd(SparkListenerTaskEnd end) {
                    executors.add(end.taskInfo().executorId());
                  }
                });
        onCluster = ingestAndRead(spark);
      } finally {
        spark.stop();
        stopSparkOfEarlierTests();
      }
    }
    assertThat(executors).as("executors that ran tasks").hasSize(2).doesNotContain("driver");

    SparkSession local =
        LocalSpark.session("local-ingest", CatalogConfig.embedded(dir.resolve("wh-local")));
    Map<String, List<String>> inLocal = ingestAndRead(local);

    assertThat(onCluster.keySet()).isEqualTo(inLocal.keySet());
    for (String table : onCluster.keySet()) {
      assertThat(onCluster.get(table))
          .as(table + " on the cluster vs local[*]")
          .isEqualTo(inLocal.get(table));
    }
    assertThat(onCluster.get("gridata.ecommerce.orders")).hasSizeGreaterThan(50);
    assertThat(onCluster.get("gridata.ecommerce.orders_quarantine")).isNotEmpty();
    assertThat(onCluster.get("gridata.analytics.customer_360")).hasSizeGreaterThan(10);
    assertThat(onCluster.get("lineage")).isNotEmpty();
  }

  /** Writes the demo drop afresh (rejection moves files), ingests it, reads every table back. */
  private Map<String, List<String>> ingestAndRead(SparkSession spark) throws IOException {
    Path zoneDir = dir.resolve("zone");
    deleteRecursively(zoneDir);
    DemoDrops.write(zoneDir, DAY, 0, 120, 5);
    Path lineage = Files.createTempFile(dir, "lineage", ".json");
    StringWriter console = new StringWriter();
    PrintWriter printer = new PrintWriter(console, true);
    try (RawZone zone = RawZone.open(zoneDir.toUri().toString())) {
      ingest(spark, zone, new CustomersSpec(), Optional.empty(), lineage, printer, console);
      ingest(spark, zone, new ClickstreamSpec(), Optional.empty(), lineage, printer, console);
      ingest(
          spark,
          zone,
          new OrdersSpec(),
          Optional.of(QualitySuites.orders("gridata")),
          lineage,
          printer,
          console);
    }
    Customer360Pipeline.Outcome c360 =
        new Customer360Pipeline(spark, "gridata", true)
            .run(DAY, Optional.of(LineageSink.file(lineage)), printer, printer);
    assertThat(c360.refused()).as("customer 360: " + console).isFalse();
    Map<String, List<String>> tables = new LinkedHashMap<>();
    // the lineage proposals' aspects in order (run ids and times aside)
    tables.put(
        "lineage",
        StreamSupport.stream(JSON.readTree(lineage.toFile()).spliterator(), false)
            .filter(p -> !p.get("entityUrn").asText().startsWith("urn:li:dataProcessInstance:"))
            .map(p -> p.get("entityUrn").asText() + " " + p.get("aspectName").asText())
            .toList());
    for (String table : TABLES) {
      if (!spark.catalog().tableExists(table)) {
        continue;
      }
      spark.sql("REFRESH TABLE " + table);
      // run metadata differs by construction: the run id and the ingestion or computation time
      Column[] columns =
          Arrays.stream(spark.table(table).columns())
              .filter(c -> !Set.of("_run_id", "_ingested_at", "_computed_at").contains(c))
              .map(c -> functions.col("`" + c + "`").cast("string"))
              .toArray(Column[]::new);
      tables.put(
          table,
          spark.table(table).select(columns).collectAsList().stream()
              .map(Object::toString)
              .sorted()
              .collect(Collectors.toList()));
    }
    return tables;
  }

  /** One day of {@code dataset} through {@code IngestPipeline}, behind {@code suite} if given. */
  private static void ingest(
      SparkSession spark,
      RawZone zone,
      IngestSpec dataset,
      Optional<QualitySuite> suite,
      Path lineage,
      PrintWriter printer,
      StringWriter console) {
    IngestPipeline.Builder pipeline =
        IngestPipeline.builder(spark, zone, dataset)
            .table(dataset.defaultTable())
            .lineage(() -> LineageSink.file(lineage))
            .settle(Duration.ZERO)
            .console(printer, printer);
    suite.ifPresent(s -> pipeline.qualityGate(s, IcebergMetricHistory.tableInCatalog("gridata")));
    IngestOutcome outcome =
        pipeline.build().run(RawPartition.of(dataset.domain(), dataset.dataset(), DAY), "c-1");
    assertThat(outcome.summary().succeeded()).as(dataset.dataset() + ": " + console).isTrue();
    assertThat(outcome.name()).as(dataset.dataset()).isEqualTo("PUBLISHED");
  }

  private static void stopSparkOfEarlierTests() {
    // one SparkContext per JVM: a local one of an earlier test gives way to the cluster's
    SparkSession.getDefaultSession()
        .foreach(
            s -> {
              s.stop();
              return null;
            });
    SparkSession.clearDefaultSession();
    SparkSession.clearActiveSession();
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
