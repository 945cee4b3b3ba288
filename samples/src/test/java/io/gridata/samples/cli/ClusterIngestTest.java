package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.rawzone.RawZoneConfig;
import io.gridata.core.rawzone.RawZoneProperties;
import io.gridata.core.run.RunId;
import io.gridata.lineage.LineageSink;
import io.gridata.pipeline.Customer360Outcome;
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
import io.gridata.streaming.StreamDataset;
import io.gridata.streaming.StreamingIngest;
import io.gridata.testkit.Backend;
import io.gridata.testkit.KafkaBroker;
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
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * local[*]} run of the same drop (run metadata aside), with the same lineage. The streaming jobs
 * too: {@code clickstream_events} and {@code order_updates} from a real Kafka broker into their
 * tables on the cluster equal a {@code local[*]} run of the same topics. Tagged {@code
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

  /**
   * The streaming jobs on the cluster: clickstream events (re-sent and bad ones among them) and
   * order updates (several per order, out of order, re-sent, bad) from the testkit's Kafka broker,
   * each topic caught up by {@code StreamingIngest} with its Kafka reads, parsing, watermarked
   * de-duplication, quarantine, appends and MERGE in the executors. The tables equal those of a
   * {@code local[*]} run of the same topics from offset 0.
   */
  @Test
  void streamingJobsOnAClusterWriteWhatALocalRunWrites() throws Exception {
    KafkaBroker kafka = KafkaBroker.shared();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    StreamDataset clicks = onTopic(StreamDataset.clickstream(), "clickstream_events_" + suffix);
    StreamDataset orders = onTopic(StreamDataset.orders(), "order_updates_" + suffix);
    kafka.createTopic(clicks.topic(), 3);
    kafka.createTopic(orders.topic(), 3);
    produceEvents(kafka, clicks.topic(), orders.topic());

    stopSparkOfEarlierTests();
    Set<String> executors = ConcurrentHashMap.newKeySet();
    Map<String, List<String>> onCluster;
    SparkSession spark =
        clusterSession(
            CatalogConfig.embedded(dir.resolve("wh-stream-cluster")), "cluster-stream", executors);
    try {
      onCluster = streamAndRead(spark, kafka, List.of(clicks, orders), "cluster");
    } finally {
      spark.stop();
      stopSparkOfEarlierTests();
    }
    assertThat(executors).as("executors that ran tasks").hasSize(2).doesNotContain("driver");

    Map<String, List<String>> inLocal =
        streamAndRead(
            LocalSpark.session(
                "local-stream", CatalogConfig.embedded(dir.resolve("wh-stream-local"))),
            kafka,
            List.of(clicks, orders),
            "local");

    assertThat(onCluster.keySet()).isEqualTo(inLocal.keySet());
    for (String table : onCluster.keySet()) {
      assertThat(onCluster.get(table))
          .as(table + " on the cluster vs local[*]")
          .isEqualTo(inLocal.get(table));
    }
    assertThat(onCluster.get("gridata.ecommerce.clickstream")).as("distinct valid").hasSize(150);
    assertThat(onCluster.get("gridata.ecommerce.clickstream_quarantine")).hasSize(8);
    assertThat(onCluster.get("gridata.ecommerce.orders")).as("one row per order").hasSize(40);
    assertThat(onCluster.get("gridata.ecommerce.orders"))
        .as("the latest update of each order won")
        .allMatch(row -> row.contains("SHIPPED"));
    assertThat(onCluster.get("gridata.ecommerce.orders_quarantine")).hasSize(4);
  }

  private static StreamDataset onTopic(StreamDataset dataset, String topic) {
    return new StreamDataset(
        dataset.spec(), topic, dataset.duplicateKey(), dataset.eventTime(), dataset.mergeKey());
  }

  /**
   * 150 clickstream events, every 10th re-sent and every 20th followed by one without an id; 40
   * orders, each PENDING, PAID then SHIPPED produced newest first, every 5th SHIPPED re-sent and
   * every 10th order followed by an update without an order id.
   */
  private static void produceEvents(KafkaBroker kafka, String clicksTopic, String ordersTopic)
      throws Exception {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      List<ProducerRecord<String, String>> records = new java.util.ArrayList<>();
      for (int i = 0; i < 150; i++) {
        records.add(new ProducerRecord<>(clicksTopic, clickEvent("e" + i, i)));
        if (i % 10 == 0) {
          records.add(new ProducerRecord<>(clicksTopic, clickEvent("e" + i, i)));
        }
        if (i % 20 == 0) {
          records.add(new ProducerRecord<>(clicksTopic, clickEvent(null, i)));
        }
      }
      List<String> statuses = List.of("SHIPPED", "PAID", "PENDING");
      for (int o = 0; o < 40; o++) {
        for (int s = 0; s < statuses.size(); s++) {
          String update = orderUpdate("o" + o, 10 - s, statuses.get(s));
          records.add(new ProducerRecord<>(ordersTopic, "o" + o, update));
          if (s == 0 && o % 5 == 0) {
            records.add(new ProducerRecord<>(ordersTopic, "o" + o, update));
          }
        }
        if (o % 10 == 0) {
          records.add(new ProducerRecord<>(ordersTopic, orderUpdate(null, 11, "PAID")));
        }
      }
      for (ProducerRecord<String, String> record : records) {
        producer.send(record);
      }
      producer.flush();
    }
  }

  private static String clickEvent(String id, int i) {
    return String.format(
        "{\"event_id\":%s,\"customer_id\":\"c%d\",\"session_id\":\"s%d\","
            + "\"event_ts\":\"2026-11-02T10:%02d:%02dZ\",\"event_type\":\"page_view\","
            + "\"page_url\":\"/p/%d\",\"product_id\":null,\"device\":\"web\",\"referrer\":null}",
        id == null ? "null" : "\"" + id + "\"", i % 17, i / 10, i / 60, i % 60, i);
  }

  private static String orderUpdate(String id, int minute, String status) {
    return String.format(
        "{\"order_id\":%s,\"customer_id\":\"c1\",\"order_timestamp\":\"2026-11-02T09:%02d:00Z\","
            + "\"status\":\"%s\",\"product_id\":\"p1\",\"quantity\":\"2\","
            + "\"unit_price\":\"10.00\",\"discount\":\"0\",\"tax\":\"1.00\","
            + "\"shipping_cost\":\"2.00\",\"currency\":\"usd\",\"payment_method\":\"card\","
            + "\"channel\":\"web\"}",
        id == null ? "null" : "\"" + id + "\"", minute, status);
  }

  /**
   * Each dataset's topic caught up from offset 0 into its default table (checkpoint per run), then
   * every table and quarantine table read back. Which copy of a re-sent event is kept (its Kafka
   * offset in {@code _source_file}) depends on the batch's task order, so that column is compared
   * as "unique", not by value.
   */
  private Map<String, List<String>> streamAndRead(
      SparkSession spark, KafkaBroker kafka, List<StreamDataset> datasets, String run)
      throws Exception {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    for (StreamDataset dataset : datasets) {
      StreamingIngest ingest =
          StreamingIngest.builder(spark, dataset)
              .bootstrapServers(kafka.bootstrapServers())
              .checkpointLocation(dir.resolve("cp-" + run + "-" + dataset.topic()).toString())
              .trigger(Duration.ofSeconds(1))
              .build();
      try (StreamingIngest.Running running = ingest.start()) {
        running.query().processAllAvailable();
      }
      for (String table : List.of(ingest.table(), ingest.table() + "_quarantine")) {
        spark.sql("REFRESH TABLE " + table);
        assertThat(
                spark.table(table).select("_source_file").distinct().count()
                    == spark.table(table).count())
            .as(table + ": each Kafka record at most once")
            .isTrue();
        tables.put(table, rows(spark, table, "_source_file"));
      }
    }
    return tables;
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
              .run(RawPartition.of("ecommerce", "orders", DAY), RunId.of("s3-1"));
      assertThat(outcome.summary().succeeded()).as(console.toString()).isTrue();
      assertThat(outcome.kind()).as(console.toString()).isEqualTo(IngestOutcome.Kind.PUBLISHED);
    }
    // the source file names the bucket, which differs by construction
    return rows(spark, table).stream()
        .map(row -> row.replace("s3a://" + bucket + "/", "s3a://<bucket>/"))
        .toList();
  }

  /** Every row of {@code table} as text, sorted, run metadata and {@code skipped} aside. */
  private static List<String> rows(SparkSession spark, String table, String... skipped) {
    spark.sql("REFRESH TABLE " + table);
    Set<String> aside = new java.util.HashSet<>(Set.of("_run_id", "_ingested_at", "_computed_at"));
    aside.addAll(Arrays.asList(skipped));
    Column[] columns =
        Arrays.stream(spark.table(table).columns())
            .filter(c -> !aside.contains(c))
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
    Customer360Outcome c360 =
        Customer360Pipeline.builder(spark, "gridata")
            .lineage(() -> LineageSink.file(lineage))
            .console(printer, printer)
            .build()
            .run(DAY);
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
        pipeline
            .build()
            .run(RawPartition.of(dataset.domain(), dataset.dataset(), DAY), RunId.of("c-1"));
    assertThat(outcome.summary().succeeded()).as(dataset.dataset() + ": " + console).isTrue();
    assertThat(outcome.kind()).as(dataset.dataset()).isEqualTo(IngestOutcome.Kind.PUBLISHED);
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
