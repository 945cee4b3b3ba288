package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.rawzone.RawZoneConfig;
import io.gridata.core.rawzone.RawZoneProperties;
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
import io.gridata.testkit.Backend;
import io.gridata.testkit.LakehouseStack;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

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

  @TempDir static Path clusterDir;

  /** One cluster for the class's tests (each test's driver is a new application on it). */
  private static SparkCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = new SparkCluster(2).withDirectory(clusterDir).start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theJobsOnAClusterWriteWhatALocalRunWrites() throws Exception {
    stopSparkOfEarlierTests();
    Set<String> executors = ConcurrentHashMap.newKeySet();
    Map<String, List<String>> onCluster;
    SparkSession spark =
        clusterSession(
            CatalogConfig.embedded(dir.resolve("wh-cluster")), "cluster-ingest", executors);
    try {
      onCluster = ingestAndRead(spark);
    } finally {
      spark.stop();
      stopSparkOfEarlierTests();
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

  /**
   * The deployment the cluster runs in production: raw files in S3 read through S3A by the
   * executors, the orders gate, and the tables in the Iceberg REST catalog with their data in S3
   * (written by the executors through S3FileIO). The same drop in a second bucket run {@code
   * local[*]} into a second namespace gives the same rows.
   */
  @Test
  void ordersFromAnS3RawZoneThroughTheGateIntoTheRestCatalogOnTheCluster() throws Exception {
    stopSparkOfEarlierTests();
    Set<String> executors = ConcurrentHashMap.newKeySet();
    try (LakehouseStack stack = LakehouseStack.start(Backend.LOCAL, dir.resolve("stack"))) {
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("gridata.catalog.type", "rest");
      settings.put("gridata.catalog.uri", stack.catalog().uri().toString());
      settings.put("gridata.catalog.warehouse", stack.catalog().warehouse());
      settings.put("gridata.s3.endpoint", stack.s3().endpoint().toString());
      settings.put("gridata.s3.access-key", stack.s3().accessKey());
      settings.put("gridata.s3.secret-key", stack.s3().secretKey());
      CatalogConfig catalog = CatalogConfig.resolve(Optional.empty(), Map.of(), Map.of(), settings);
      Map<String, String> raw = new LinkedHashMap<>();
      raw.put(RawZoneProperties.S3_ENDPOINT, stack.s3().endpoint().toString());
      raw.put(RawZoneProperties.S3_PATH_STYLE_ACCESS, "true");
      raw.put(RawZoneProperties.S3_ACCESS_KEY_ID, stack.s3().accessKey());
      raw.put(RawZoneProperties.S3_SECRET_ACCESS_KEY, stack.s3().secretKey());

      List<String> onCluster;
      SparkSession spark = clusterSession(catalog, "cluster-s3", executors);
      try {
        onCluster = ingestOrdersFromS3(spark, stack, raw, "raw-cluster", "cluster");
      } finally {
        spark.stop();
        stopSparkOfEarlierTests();
      }
      assertThat(executors).as("executors that ran tasks").hasSize(2).doesNotContain("driver");

      List<String> inLocal =
          ingestOrdersFromS3(
              LocalSpark.session("local-s3", catalog), stack, raw, "raw-local", "local");
      assertThat(onCluster).hasSizeGreaterThan(50).isEqualTo(inLocal);
      // the data files are objects in the warehouse bucket, written by the executors
      assertThat(
              stack
                  .s3()
                  .newClient()
                  .listObjectsV2(b -> b.bucket("warehouse").prefix("cluster/orders/data/"))
                  .keyCount())
          .isPositive();
    }
  }

  /** The demo drop's orders in bucket {@code bucket}, ingested into {@code <namespace>.orders}. */
  private List<String> ingestOrdersFromS3(
      SparkSession spark,
      LakehouseStack stack,
      Map<String, String> rawSettings,
      String bucket,
      String namespace)
      throws IOException {
    Path drop = dir.resolve("drop-" + bucket);
    DemoDrops.write(drop, DAY, 0, 120, 5);
    stack.s3().createBucket(bucket);
    try (S3Client s3 = stack.s3().newClient();
        Stream<Path> files = Files.walk(drop)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String key = drop.relativize(file).toString().replace('\\', '/');
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
      }
    }
    String table = "gridata." + namespace + ".orders";
    spark.sql("CREATE NAMESPACE IF NOT EXISTS gridata." + namespace);
    StringWriter console = new StringWriter();
    PrintWriter printer = new PrintWriter(console, true);
    try (RawZone zone =
        RawZone.open(RawZoneConfig.fromProperties("s3a://" + bucket, rawSettings))) {
      IngestOutcome outcome =
          IngestPipeline.builder(spark, zone, new OrdersSpec())
              .table(table)
              .qualityGate(
                  QualitySuites.orders("gridata"), IcebergMetricHistory.tableInCatalog("gridata"))
              .settle(Duration.ZERO)
              .console(printer, printer)
              .build()
              .run(RawPartition.of("ecommerce", "orders", DAY), "s3-1");
      assertThat(outcome.summary().succeeded()).as(console.toString()).isTrue();
      assertThat(outcome.name()).as(console.toString()).isEqualTo("PUBLISHED");
    }
    // the source file names the bucket, which differs by construction
    return rows(spark, table).stream()
        .map(row -> row.replace("s3a://" + bucket + "/", "s3a://<bucket>/"))
        .toList();
  }

  /** Every row of {@code table} as text, sorted, run metadata aside. */
  private static List<String> rows(SparkSession spark, String table) {
    spark.sql("REFRESH TABLE " + table);
    Column[] columns =
        Arrays.stream(spark.table(table).columns())
            .filter(c -> !Set.of("_run_id", "_ingested_at", "_computed_at").contains(c))
            .map(c -> functions.col("`" + c + "`").cast("string"))
            .toArray(Column[]::new);
    return spark.table(table).select(columns).collectAsList().stream()
        .map(Object::toString)
        .sorted()
        .collect(Collectors.toList());
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
      tables.put(table, rows(spark, table));
    }
    return tables;
  }

  /**
   * A driver in this JVM on the shared cluster with {@code catalog}; the id of every executor that
   * ends a task goes to {@code executors}.
   */
  private static SparkSession clusterSession(
      CatalogConfig catalog, String app, Set<String> executors) {
    SparkSession.Builder builder =
        catalog
            .configure(SparkSession.builder().appName(app).master(cluster.masterUrl()))
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4");
    cluster.driverConf().forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
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
    return spark;
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
