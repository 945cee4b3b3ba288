package io.gridata.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.samples.cli.GridataCli;
import io.gridata.samples.demo.DemoDrops;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.testkit.Backend;
import io.gridata.testkit.KafkaBroker;
import io.gridata.testkit.LakehouseStack;
import io.gridata.testkit.SparkCluster;
import io.gridata.testkit.internal.MavenArtifacts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The application jar under real {@code spark-submit}: {@code org.apache.spark.deploy.SparkSubmit}
 * in a child JVM with only Spark's jars on its class path (spark-sql and its dependencies, as a
 * Spark distribution's {@code jars/} holds them), client mode, against the testkit's standalone
 * cluster run from the same jars, whose executors get nothing of this JVM's class path: Gridata
 * reaches them only inside {@code gridata-app.jar}. A demo day of customers, clickstream and orders
 * (bad files and rows included) goes from an S3 raw zone (the testkit's S3 server, read through S3A
 * by the executors) through {@code gridata ingest} into the REST catalog, then {@code gridata
 * customer360}, then {@code gridata stream} catches up a {@code clickstream_events} topic on the
 * testkit's Kafka broker (Spark's Kafka source inside the app jar); every table must equal, row by
 * row, a {@code local[*]} run of the CLI on the same files and topic, and the event logs must show
 * the executors ran the tasks. Integration tier (failsafe, after {@code package}).
 */
@Tag("integration")
class SparkSubmitIT {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 2);
  private static final List<String> DATASETS =
      List.of("ecommerce.customers", "ecommerce.clickstream", "ecommerce.orders");
  private static final List<String> TABLES =
      List.of(
          "gridata.ecommerce.orders",
          "gridata.ecommerce.orders_quarantine",
          "gridata.ecommerce.customers",
          "gridata.ecommerce.customers_quarantine",
          "gridata.ecommerce.clickstream",
          "gridata.ecommerce.clickstream_quarantine",
          "gridata.analytics.customer_360");
  private static final Set<String> RUN_METADATA = Set.of("_run_id", "_ingested_at", "_computed_at");
  private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theAppJarUnderSparkSubmitWritesWhatALocalRunWrites() throws Exception {
    Path appJar = Paths.get(System.getProperty("gridata.app.jar", "target/gridata-app.jar"));
    assertThat(appJar)
        .as("the application jar (mvn package -pl gridata-app builds it)")
        .isRegularFile();
    List<Path> sparkJars =
        MavenArtifacts.fromEnvironment()
            .resolveWithDependencies(
                System.getProperty(
                    "gridata.spark.coordinates", "org.apache.spark:spark-sql_2.13:4.1.3"));

    Path zone = dir.resolve("zone");
    DemoDrops.write(zone, DAY, 0, 120, 5);
    String bucket = "raw-zone";
    Map<String, List<String>> onCluster;
    Set<String> executors = new TreeSet<>();
    KafkaBroker kafka = KafkaBroker.shared();
    kafka.createTopic("clickstream_events", 2);
    try (LakehouseStack stack = LakehouseStack.start(Backend.LOCAL, dir.resolve("stack"));
        S3Client s3 = stack.s3().newClient()) {
      stack.s3().createBucket(bucket);
      int uploaded = upload(s3, bucket, zone);
      assertThat(uploaded).as("raw files in the S3 zone").isGreaterThan(4);
      Path config = deploymentConfig(stack, bucket);

      Path clusterDir = dir.resolve("cluster");
      try (SparkCluster cluster =
          new SparkCluster(2).withSparkJars(sparkJars).withDirectory(clusterDir).start()) {
        Path events = Files.createDirectories(dir.resolve("events"));
        for (String dataset : DATASETS) {
          JsonNode summary =
              submit(
                  cluster,
                  appJar,
                  events,
                  "ingest",
                  "--raw",
                  "s3://" + bucket,
                  "--config",
                  config.toString(),
                  "--dataset",
                  dataset,
                  "--date",
                  DAY.toString(),
                  "--summary-json",
                  dir.resolve(dataset + ".json").toString());
          assertThat(summary.get("outcome").asText()).as(dataset).isEqualTo("PUBLISHED");
          assertThat(summary.get("rowsWritten").asLong()).as(dataset).isPositive();
        }
        submit(
            cluster,
            appJar,
            events,
            "customer360",
            "--as-of",
            DAY.toString(),
            "--config",
            config.toString());
        produceClicks(kafka);
        submit(
            cluster,
            appJar,
            events,
            "stream",
            "--topic",
            "clickstream_events",
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--checkpoint",
            dir.resolve("checkpoint-cluster").toString(),
            "--config",
            config.toString(),
            "--trigger",
            "2s",
            "--until-idle",
            "10s");
        executors.addAll(executorsThatRanTasks(events));
        assertExecutorsSawOnlySparkAndTheAppJar(clusterDir);
      }
      onCluster =
          readTables(
              CatalogConfig.resolve(Optional.of(config), Map.of(), Map.of(), Map.of()),
              List.of("s3a://" + bucket + "/", "s3://" + bucket + "/"));
    }
    assertThat(executors).as("executors that ran tasks").hasSize(2).doesNotContain("driver");

    Path warehouse = dir.resolve("wh-local");
    for (String dataset : DATASETS) {
      cli(
          "ingest",
          "--raw",
          zone.toUri().toString(),
          "--warehouse",
          warehouse.toString(),
          "--dataset",
          dataset,
          "--date",
          DAY.toString());
    }
    cli("customer360", "--as-of", DAY.toString(), "--warehouse", warehouse.toString());
    cli(
        "stream",
        "--topic",
        "clickstream_events",
        "--bootstrap-servers",
        kafka.bootstrapServers(),
        "--checkpoint",
        dir.resolve("checkpoint-local").toString(),
        "--warehouse",
        warehouse.toString(),
        "--trigger",
        "2s",
        "--until-idle",
        "10s");
    Map<String, List<String>> inLocal =
        readTables(CatalogConfig.embedded(warehouse), List.of(zone.toUri().toString()));

    assertThat(onCluster.keySet()).isEqualTo(inLocal.keySet()).containsAll(TABLES);
    for (String table : TABLES) {
      assertThat(onCluster.get(table))
          .as(table + " under spark-submit on the cluster vs local[*]")
          .isEqualTo(inLocal.get(table));
    }
    assertThat(onCluster.get("gridata.ecommerce.orders")).hasSizeGreaterThan(50);
    assertThat(onCluster.get("gridata.ecommerce.orders_quarantine")).isNotEmpty();
    assertThat(onCluster.get("gridata.analytics.customer_360")).hasSizeGreaterThan(10);
    assertThat(onCluster.get("gridata.ecommerce.clickstream"))
        .as("streamed events, each once")
        .filteredOn(row -> row.contains("kafka:/clickstream_events/"))
        .hasSize(STREAMED_EVENTS);
    assertThat(onCluster.get("gridata.ecommerce.clickstream_quarantine"))
        .as("streamed bad events")
        .filteredOn(row -> row.contains("kafka:/clickstream_events/"))
        .hasSize(STREAMED_EVENTS / 20);
  }

  private static final int STREAMED_EVENTS = 60;

  /** {@value #STREAMED_EVENTS} clickstream events of the day, every 20th followed by a bad one. */
  private static void produceClicks(KafkaBroker kafka) throws Exception {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < STREAMED_EVENTS; i++) {
        producer.send(new ProducerRecord<>("clickstream_events", click("k" + i, i)));
        if (i % 20 == 0) {
          producer.send(new ProducerRecord<>("clickstream_events", click(null, i)));
        }
      }
      producer.flush();
    }
  }

  private static String click(String id, int i) {
    return String.format(
        "{\"event_id\":%s,\"customer_id\":\"c%d\",\"session_id\":\"k%d\","
            + "\"event_ts\":\"%sT11:00:%02dZ\",\"event_type\":\"page_view\","
            + "\"page_url\":\"/p/%d\",\"product_id\":null,\"device\":\"web\",\"referrer\":null}",
        id == null ? "null" : "\"" + id + "\"", i % 7, i / 10, DAY, i, i);
  }

  /**
   * Runs {@code gridata <args>} through spark-submit on the cluster, as the README says, plus what
   * this machine needs (loopback, small executors, an event log to count executors by).
   */
  private JsonNode submit(SparkCluster cluster, Path appJar, Path events, String... args)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "--deploy-mode",
                "client",
                "--class",
                "io.gridata.samples.cli.GridataCli",
                "--name",
                "gridata-" + args[0],
                "--conf",
                "spark.driver.host=127.0.0.1",
                "--conf",
                "spark.driver.bindAddress=127.0.0.1",
                "--conf",
                "spark.executor.memory=512m",
                "--conf",
                "spark.executor.cores=1",
                "--conf",
                "spark.sql.shuffle.partitions=8",
                "--conf",
                "spark.ui.enabled=false",
                "--conf",
                "spark.eventLog.enabled=true",
                "--conf",
                "spark.eventLog.compress=false",
                "--conf",
                "spark.eventLog.dir=" + events.toUri(),
                appJar.toString()));
    command.addAll(Arrays.asList(args));
    int dataset = Arrays.asList(args).indexOf("--dataset");
    Path log =
        dir.resolve("submit-" + args[0] + (dataset < 0 ? "" : "-" + args[dataset + 1]) + ".log");
    int exit;
    String output;
    long start = System.nanoTime();
    try (SparkCluster.Submission submission = cluster.submit(command, log)) {
      exit = submission.awaitExit(SUBMIT_TIMEOUT);
      output = submission.output();
    }
    System.out.printf(
        "spark-submit %s: exit %d in %d s%n",
        String.join(" ", args), exit, Duration.ofNanos(System.nanoTime() - start).toSeconds());
    assertThat(exit).as("spark-submit " + String.join(" ", args) + ":\n" + output).isZero();
    int summary = Arrays.asList(args).indexOf("--summary-json");
    return summary < 0
        ? JSON.createObjectNode()
        : JSON.readTree(Paths.get(args[summary + 1]).toFile());
  }

  /**
   * Executor ids of every finished task in the applications' event logs (Spark 4 rolls them: one
   * directory of event files per application).
   */
  private static Set<String> executorsThatRanTasks(Path events) throws IOException {
    Set<String> executors = new TreeSet<>();
    try (Stream<Path> apps = Files.list(events)) {
      assertThat(apps.count())
          .as("event logs, one per spark-submit (ingests, customer360, stream)")
          .isEqualTo(DATASETS.size() + 2);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(events)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      for (String line : Files.readAllLines(file)) {
        if (line.contains("\"SparkListenerTaskEnd\"")) {
          executors.add(JSON.readTree(line).get("Task Info").get("Executor ID").asText());
        }
      }
    }
    return executors;
  }

  /**
   * The executors' own record of how they were started: their class path is the Spark home's jars
   * (nothing of this JVM's: no Gridata module, no test class), and each fetched the app jar.
   */
  private static void assertExecutorsSawOnlySparkAndTheAppJar(Path clusterDir) throws IOException {
    List<Path> stderr;
    List<Path> fetched;
    try (Stream<Path> walk = Files.walk(clusterDir)) {
      List<Path> all = walk.filter(Files::isRegularFile).toList();
      stderr =
          all.stream()
              .filter(p -> p.getFileName().toString().equals("stderr"))
              .filter(p -> p.toString().contains("/work/app-"))
              .toList();
      fetched =
          all.stream()
              .filter(p -> p.getFileName().toString().equals("gridata-app.jar"))
              .filter(p -> p.toString().contains("/work/app-"))
              .toList();
    }
    assertThat(stderr).as("executor logs under the workers' work dirs").isNotEmpty();
    for (Path log : stderr) {
      String command =
          Files.readAllLines(log).stream()
              .filter(l -> l.startsWith("Spark Executor Command:"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no executor command in " + log));
      String classPath = command.replaceAll(".*\"-cp\" \"([^\"]*)\".*", "$1");
      assertThat(classPath).as("executor class path in " + log).contains("spark-home/jars/*");
      assertThat(classPath).as("executor class path in " + log).doesNotContain("gridata");
    }
    assertThat(fetched).as("app jars the executors fetched").isNotEmpty();
  }

  /** {@code gridata <args>} in this JVM: local[*] (spark.master is not set here). */
  private static void cli(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = GridataCli.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    int exit = cli.execute(args);
    assertThat(exit).as("local gridata " + String.join(" ", args) + ":\n" + out).isZero();
  }

  /**
   * Every table of {@code catalog}, rows as sorted strings without run metadata (run ids and times
   * differ by construction) and with the raw zone's root in source file locations ({@code
   * zoneRoots}: the S3 bucket, the local directory) replaced by {@code zone:/}.
   */
  private static Map<String, List<String>> readTables(
      CatalogConfig catalog, List<String> zoneRoots) {
    SparkSession spark =
        catalog
            .configure(SparkSession.builder().master("local[2]").appName("read-tables"))
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .getOrCreate()
            .newSession();
    catalog.register(spark);
    Map<String, List<String>> tables = new TreeMap<>();
    for (String table : TABLES) {
      if (!spark.catalog().tableExists(table)) {
        continue;
      }
      spark.sql("REFRESH TABLE " + table);
      Column[] columns =
          Arrays.stream(spark.table(table).columns())
              .filter(c -> !RUN_METADATA.contains(c))
              .map(c -> functions.col("`" + c + "`").cast("string"))
              .toArray(Column[]::new);
      tables.put(
          table,
          spark.table(table).select(columns).collectAsList().stream()
              .map(Object::toString)
              .map(row -> withoutZoneRoot(row, zoneRoots))
              .sorted()
              .collect(Collectors.toList()));
    }
    return tables;
  }

  private static String withoutZoneRoot(String row, List<String> zoneRoots) {
    String result = row;
    for (String root : zoneRoots) {
      result = result.replace(root, "zone:/");
    }
    return result;
  }

  /**
   * The deployment's one properties file: the REST catalog and its S3 warehouse ({@code
   * gridata.catalog.*}, {@code gridata.s3.*}) and the raw zone's bucket ({@code gridata.raw.*}).
   */
  private Path deploymentConfig(LakehouseStack stack, String bucket) throws IOException {
    String endpoint = stack.s3().endpoint().toString();
    Map<String, String> values = new LinkedHashMap<>();
    values.put("gridata.catalog.type", "rest");
    values.put("gridata.catalog.uri", stack.catalog().uri().toString());
    values.put("gridata.catalog.warehouse", stack.catalog().warehouse());
    values.put("gridata.s3.endpoint", endpoint);
    values.put("gridata.s3.access-key", stack.s3().accessKey());
    values.put("gridata.s3.secret-key", stack.s3().secretKey());
    values.put("gridata.raw.s3.endpoint", endpoint);
    values.put("gridata.raw.s3.path-style-access", "true");
    values.put("gridata.raw.s3.access-key-id", stack.s3().accessKey());
    values.put("gridata.raw.s3.secret-access-key", stack.s3().secretKey());
    String text =
        values.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "", "\n"));
    return Files.writeString(dir.resolve("gridata.properties"), text);
  }

  /** Copies the local zone's {@code raw/} tree into {@code bucket} under the same keys. */
  private static int upload(S3Client s3, String bucket, Path zone) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(zone.resolve("raw"))) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      String key = zone.relativize(file).toString().replace('\\', '/');
      s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
    }
    return files.size();
  }
}
