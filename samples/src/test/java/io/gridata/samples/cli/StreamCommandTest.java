package io.gridata.samples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.gridata.lineage.DataHubSchemaValidator;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.testkit.KafkaBroker;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gridata stream} against a real KRaft broker (the testkit's, in a child JVM): a catch-up
 * run ({@code --until-idle}) writes every valid event once and each bad one to quarantine; a second
 * run on the same checkpoint takes only what was produced since (re-sent events dropped), a third
 * with nothing new writes nothing; bad options exit 2 before Spark starts. Tagged {@code
 * integration}: a broker and three streaming queries.
 */
@Tag("integration")
class StreamCommandTest {
  @TempDir Path dir;

  @Test
  void catchUpRunsOnOneCheckpointWriteEachEventOnce() throws Exception {
    KafkaBroker kafka = KafkaBroker.shared();
    String topic = "clickstream_events";
    kafka.createTopic(topic, 2);
    // the shared broker may hold events of other tests: count ours by a run-unique id prefix
    String prefix = "cli-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    Path warehouse = dir.resolve("warehouse");
    try (KafkaProducer<String, String> producer = producer(kafka)) {
      send(producer, topic, prefix, 0, 40);

      Path metrics = dir.resolve("stream.prom");
      Path lineage = dir.resolve("lineage.json");
      CliRun first =
          stream(
              kafka,
              warehouse,
              "--metrics-file",
              metrics.toString(),
              "--lineage-file",
              lineage.toString());
      assertThat(first.exitCode()).as(first.err()).isZero();
      assertThat(first.out())
          .contains("streaming clickstream_events -> gridata.ecommerce.clickstream");
      // a first run reads the whole topic: 40 events, 8 re-sent, 4 bad (52 records) and whatever
      // other tests of this JVM sent to the shared broker before
      long records = endOffsets(kafka, topic);
      String tags = "pipeline=\"gridata-clickstream_events\",topic=\"clickstream_events\"";
      String counters = first.out().replaceAll("(?s).*stopped: StreamCounters\\{", "");
      long written = Long.parseLong(counters.replaceAll("(?s).*rowsWritten=(\\d+).*", "$1"));
      long bad = Long.parseLong(counters.replaceAll("(?s).*rowsQuarantined=(\\d+).*", "$1"));
      assertThat(records).isGreaterThanOrEqualTo(52);
      assertThat(Files.readString(metrics))
          .contains("gridata_stream_rows_total{kind=\"input\"," + tags + "} " + records + ".0")
          .contains("gridata_stream_rows_total{kind=\"written\"," + tags + "} " + written + ".0")
          .contains("gridata_stream_rows_total{kind=\"quarantined\"," + tags + "} " + bad + ".0")
          .contains("gridata_stream_consumer_lag{partition=\"0\"," + tags + "} 0.0")
          .contains("gridata_stream_consumer_lag{partition=\"1\"," + tags + "} 0.0")
          .contains("gridata_stream_batch_duration_seconds_count{" + tags + "}");
      // the run's lineage: one window, reported when the stream stopped, valid for DataHub
      JsonNode proposals = new ObjectMapper().readTree(lineage.toFile());
      DataHubSchemaValidator validator = new DataHubSchemaValidator();
      for (JsonNode proposal : proposals) {
        assertThat(validator.validate(proposal.toString()))
            .as("%s of %s", proposal.get("aspectName"), proposal.get("entityUrn"))
            .isEmpty();
      }
      assertThat(proposals.toString())
          .contains("urn:li:dataPlatform:kafka,clickstream_events,PROD")
          .contains("stream_clickstream_events");
      assertThat(first.out()).containsPattern("lineage: clickstream_events batches 0\\.\\.\\d+");

      send(producer, topic, prefix, 40, 20);
      CliRun second = stream(kafka, warehouse);
      assertThat(second.exitCode()).as(second.err()).isZero();
      assertThat(second.out()).contains("rowsWritten=20, rowsQuarantined=2");

      CliRun third = stream(kafka, warehouse);
      assertThat(third.exitCode()).as(third.err()).isZero();
      assertThat(third.out()).contains("rowsWritten=0, rowsQuarantined=0");
    }

    SparkSession spark = LocalSpark.session("check", CatalogConfig.embedded(warehouse));
    spark.sql("REFRESH TABLE gridata.ecommerce.clickstream");
    long rows =
        spark
            .sql(
                "SELECT * FROM gridata.ecommerce.clickstream WHERE event_id LIKE '" + prefix + "%'")
            .count();
    long distinct =
        spark
            .sql(
                "SELECT DISTINCT event_id FROM gridata.ecommerce.clickstream WHERE event_id LIKE '"
                    + prefix
                    + "%'")
            .count();
    assertThat(rows).as("every valid event once").isEqualTo(60);
    assertThat(distinct).isEqualTo(60);
    long quarantined =
        spark
            .sql(
                "SELECT * FROM gridata.ecommerce.clickstream_quarantine WHERE session_id LIKE '"
                    + prefix
                    + "%'")
            .count();
    assertThat(quarantined).as("one bad event per 10 sent, each kept once").isEqualTo(6);
  }

  @Test
  void inventoryChangesAddUpToTheStockOnce() throws Exception {
    KafkaBroker kafka = KafkaBroker.shared();
    String topic = "inventory_changes";
    kafka.createTopic(topic, 2);
    String prefix = "inv-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    Path warehouse = dir.resolve("warehouse");
    Map<String, Long> expected = new HashMap<>();
    try (KafkaProducer<String, String> producer = producer(kafka)) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        String product = prefix + "p" + (i % 4);
        int delta = i % 3 == 0 ? -i : i;
        expected.merge(product, (long) delta, Long::sum);
        String value = change(prefix + "c" + i, product, Integer.toString(delta), i);
        values.add(value);
        if (i % 5 == 0) {
          values.add(value); // re-sent
        }
      }
      values.add(change(prefix + "bad", prefix + "p0", "2.5", 0)); // not a whole number
      for (String value : values) {
        producer.send(new ProducerRecord<>(topic, value)).get();
      }

      CliRun first = streamTopic(kafka, warehouse, topic, "checkpoint-inventory");
      assertThat(first.exitCode()).as(first.err()).isZero();
      assertThat(first.out())
          .contains("streaming inventory_changes -> gridata.ecommerce.inventory_changes")
          .contains("rowsWritten=30, rowsQuarantined=1");
      CliRun again = streamTopic(kafka, warehouse, topic, "checkpoint-inventory");
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(again.out()).contains("rowsWritten=0, rowsQuarantined=0");
    }

    SparkSession spark = LocalSpark.session("check", CatalogConfig.embedded(warehouse));
    spark.sql("REFRESH TABLE gridata.ecommerce.inventory");
    Map<String, Long> stock = new HashMap<>();
    spark
        .sql(
            "SELECT product_id, stock FROM gridata.ecommerce.inventory WHERE product_id LIKE '"
                + prefix
                + "%'")
        .collectAsList()
        .forEach(r -> stock.put(r.getString(0), r.getLong(1)));
    assertThat(stock).as("each distinct change added once").isEqualTo(expected);
  }

  /**
   * {@code --quality-suite} checks every micro-batch after its commit: a batch with more than 5% of
   * its events quarantined fails the error rule, the alert reaches the webhook, the history records
   * FAILED under the batch's run id, and {@code --stop-on-quality-error} stops the query with exit
   * 3 while the batch stays committed. The suite's quarantine rule routes its rows to the
   * quarantine table inside the batch.
   */
  @Test
  void aFailedErrorRuleOnABatchIsAlertedRecordedAndStopsTheStream() throws Exception {
    KafkaBroker kafka = KafkaBroker.shared();
    String topic = "clickstream_events";
    kafka.createTopic(topic, 2);
    String prefix = "q-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    Path warehouse = dir.resolve("warehouse");
    Path suite = dir.resolve("stream-suite.yaml");
    Files.writeString(
        suite,
        String.join(
            "\n",
            "suite: clickstream_stream",
            "rules:",
            "  - {name: has_rows, kind: row_count, min: 1}",
            "  - {name: quarantined_at_most_5pct, kind: batch_ratio, numerator: rows_quarantined,"
                + " denominator: rows_read, max: 0.05}",
            "  - {name: not_customer_c3, kind: matches, column: customer_id, regex: '^(?!c3$).*$',"
                + " action: quarantine}",
            ""));
    List<String> alerts = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/alerts",
        exchange -> {
          alerts.add(new String(exchange.getRequestBody().readAllBytes(), UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    try (KafkaProducer<String, String> producer = producer(kafka)) {
      // the shared broker may hold other tests' events on this topic: a first run on the same
      // checkpoint, without the suite, takes them so that the checked run reads only ours
      CliRun drain = streamTopic(kafka, warehouse, topic, "checkpoint-quality");
      assertThat(drain.exitCode()).as(drain.err()).isZero();
      // one bad event per 10 sent: about 8% of each batch quarantined
      send(producer, topic, prefix, 0, 40);
      CliRun run =
          streamTopic(
              kafka,
              warehouse,
              topic,
              "checkpoint-quality",
              "--quality-suite",
              suite.toString(),
              "--stop-on-quality-error",
              "--alert-url",
              "http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts");
      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
      assertThat(run.err())
          .containsPattern("batch \\d+ failed quarantined_at_most_5pct \\(error")
          .contains("it is committed (a stream cannot roll back): stopping the query")
          .contains("stopped by a failed quality error rule");
    } finally {
      receiver.stop(0);
    }
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0))
        .contains("ERROR")
        .contains("quarantined_at_most_5pct")
        .contains("stream-");

    SparkSession spark = LocalSpark.session("check", CatalogConfig.embedded(warehouse));
    spark.sql("REFRESH TABLE gridata.quality.results");
    List<Row> history =
        spark
            .sql(
                "SELECT run_id, status FROM gridata.quality.results"
                    + " WHERE rule = 'quarantined_at_most_5pct'")
            .collectAsList();
    assertThat(history).hasSize(1);
    assertThat(history.get(0).getString(0)).startsWith("stream-");
    assertThat(history.get(0).getString(1)).isEqualTo("FAILED");
    spark.sql("REFRESH TABLE gridata.ecommerce.clickstream");
    assertThat(
            spark
                .sql(
                    "SELECT * FROM gridata.ecommerce.clickstream WHERE _run_id = '"
                        + history.get(0).getString(0)
                        + "'")
                .count())
        .as("the failed batch stays committed")
        .isPositive();
    // the suite's quarantine rule routed customer c3's events inside the batch
    spark.sql("REFRESH TABLE gridata.ecommerce.clickstream_quarantine");
    List<Row> ruled =
        spark
            .sql(
                "SELECT customer_id FROM gridata.ecommerce.clickstream_quarantine"
                    + " WHERE array_contains(_reasons, 'not_customer_c3')"
                    + " AND event_id LIKE '"
                    + prefix
                    + "%'")
            .collectAsList();
    assertThat(ruled).isNotEmpty().allSatisfy(r -> assertThat(r.getString(0)).isEqualTo("c3"));
    assertThat(
            spark
                .sql(
                    "SELECT * FROM gridata.ecommerce.clickstream WHERE customer_id = 'c3'"
                        + " AND event_id LIKE '"
                        + prefix
                        + "%'")
                .count())
        .isZero();
  }

  @Test
  void anUnknownTopicOrABadDurationIsAUsageError() {
    CliRun topic = offline("--topic", "payments");
    assertThat(topic.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(topic.err()).contains("--topic payments", "clickstream_events");

    CliRun trigger = offline("--topic", "clickstream_events", "--trigger", "soon");
    assertThat(trigger.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(trigger.err()).contains("--trigger");

    CliRun address = offline("--topic", "clickstream_events", "--metrics-address", "9464");
    assertThat(address.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(address.err()).contains("--metrics-address 9464", "HOST:PORT");

    CliRun stopWithoutSuite = offline("--topic", "clickstream_events", "--stop-on-quality-error");
    assertThat(stopWithoutSuite.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(stopWithoutSuite.err()).contains("--stop-on-quality-error need --quality-suite");

    CliRun missingSuite =
        offline(
            "--topic",
            "clickstream_events",
            "--quality-suite",
            dir.resolve("no-such-suite.yaml").toString());
    assertThat(missingSuite.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(missingSuite.err()).contains("--quality-suite", "no-such-suite.yaml");
  }

  /** {@code gridata stream} with {@code options} against no broker: only usage errors get far. */
  private CliRun offline(String... options) {
    List<String> args = new ArrayList<>(List.of("stream"));
    args.addAll(List.of(options));
    args.addAll(
        List.of(
            "--bootstrap-servers",
            "127.0.0.1:1",
            "--checkpoint",
            dir.resolve("cp").toString(),
            "--warehouse",
            dir.resolve("wh").toString()));
    return CliRun.of(args.toArray(String[]::new));
  }

  private CliRun stream(KafkaBroker kafka, Path warehouse, String... more) {
    return streamTopic(kafka, warehouse, "clickstream_events", "checkpoint", more);
  }

  private CliRun streamTopic(
      KafkaBroker kafka, Path warehouse, String topic, String checkpoint, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "stream",
                "--topic",
                topic,
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--checkpoint",
                dir.resolve(checkpoint).toString(),
                "--warehouse",
                warehouse.toString(),
                "--trigger",
                "1s",
                "--until-idle",
                "6s"));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  /**
   * {@code count} events from {@code from}; every 5th is re-sent (a duplicate within the watermark)
   * and every 10th is followed by a bad one (no event_id), tagged by its session id.
   */
  private static void send(
      KafkaProducer<String, String> producer, String topic, String prefix, int from, int count)
      throws Exception {
    List<String> values = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      values.add(event(prefix, prefix + i, i));
      if (i % 5 == 0) {
        values.add(event(prefix, prefix + i, i));
      }
      if (i % 10 == 0) {
        values.add(event(prefix, null, i));
      }
    }
    for (String value : values) {
      producer.send(new ProducerRecord<>(topic, value)).get();
    }
  }

  private static String event(String prefix, String id, int i) {
    String ts = Instant.now().minusSeconds(60).plusMillis(i).toString();
    return String.format(
        "{\"event_id\":%s,\"customer_id\":\"c%d\",\"session_id\":\"%ss%d\",\"event_ts\":\"%s\","
            + "\"event_type\":\"page_view\",\"page_url\":\"/p/%d\",\"product_id\":null,"
            + "\"device\":\"web\",\"referrer\":null}",
        id == null ? "null" : "\"" + id + "\"", i % 17, prefix, i, ts, i);
  }

  private static String change(String id, String product, String delta, int i) {
    return String.format(
        "{\"change_id\":\"%s\",\"product_id\":\"%s\",\"quantity_delta\":%s,"
            + "\"change_ts\":\"%s\",\"reason\":\"sale\"}",
        id, product, delta, Instant.now().minusSeconds(60).plusMillis(i));
  }

  /** Records in {@code topic}: the sum of its partitions' end offsets. */
  private static long endOffsets(KafkaBroker kafka, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static KafkaProducer<String, String> producer(KafkaBroker kafka) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }
}
