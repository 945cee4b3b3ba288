package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.streaming.StreamCommits;
import io.gridata.testkit.Backend;
import io.gridata.testkit.KafkaBroker;
import io.gridata.testkit.LakehouseStack;
import io.gridata.testkit.internal.ChildJvm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator does to {@code gridata stream}: the three topics each streamed by the CLI in a
 * JVM of its own (as {@code ./gridata stream} starts it) into the REST catalog, events produced by
 * a separate client while the CLI JVMs are killed with SIGKILL at random moments, twice, and
 * restarted on their checkpoints; then stopped with SIGTERM after a batch (each stops after the
 * batch in flight, before Spark stops, and exits 143); a last catch-up run ({@code --until-idle})
 * ends each. Every table is then reconciled event by event with what was produced: each valid click
 * and stock change once, each order once with the status of its latest update, each product's stock
 * the sum of its distinct changes, each bad event in quarantine once, and no micro-batch committed
 * twice.
 */
@Tag("integration")
class StreamCrashTest {
  private static final List<String> TOPICS =
      List.of("clickstream_events", "order_updates", "inventory_changes");
  private static final Instant START = Instant.parse("2026-12-04T08:00:00Z");

  @TempDir Path dir;

  private final Random random = new Random(4);
  private final Set<String> clicks = new HashSet<>();
  private final Map<String, Integer> deltas = new LinkedHashMap<>();
  private final Map<String, String> productOf = new HashMap<>();
  private final Map<String, Integer> latestStep = new HashMap<>();
  private final Map<String, String> latestStatus = new HashMap<>();
  private final Map<String, Integer> bad = new HashMap<>();
  private int sent;
  private int distinct;

  @Test
  void killedAndRestartedStreamsHoldEveryEventOnce() throws Exception {
    try (LakehouseStack stack = LakehouseStack.start(Backend.LOCAL, dir.resolve("stack"));
        KafkaBroker kafka = broker();
        KafkaProducer<String, String> producer = producer(kafka.bootstrapServers());
        RESTCatalog catalog = stack.catalog().newClient("check")) {
      Path config = config(stack);
      int from = 0;
      for (int round = 1; round <= 2; round++) {
        Map<String, ChildJvm> running = new LinkedHashMap<>();
        for (String topic : TOPICS) {
          running.put(topic, cli(topic, kafka, config, round, false));
        }
        Map<String, Long> before = batches(catalog);
        produce(producer, from, 60);
        from += 60;
        for (String topic : TOPICS) {
          ChildJvm cli = running.get(topic);
          await(() -> batches(catalog).get(topic) > before.get(topic), cli);
        }
        Thread.sleep(random.nextInt(3000));
        running.values().forEach(ChildJvm::kill);
      }
      // SIGTERM, as a scheduler or Kubernetes stops a job: the batch in flight finishes before
      // Spark stops its context, and the JVM exits with SIGTERM's status
      Map<String, ChildJvm> terminated = new LinkedHashMap<>();
      for (String topic : TOPICS) {
        terminated.put(topic, cli(topic, kafka, config, 3, false));
      }
      Map<String, Long> beforeTerm = batches(catalog);
      produce(producer, from, 60);
      from += 60;
      for (String topic : TOPICS) {
        ChildJvm cli = terminated.get(topic);
        await(() -> batches(catalog).get(topic) > beforeTerm.get(topic), cli);
      }
      Thread.sleep(random.nextInt(1000));
      for (ChildJvm cli : terminated.values()) {
        ProcessHandle.of(cli.pid()).ifPresent(ProcessHandle::destroy); // SIGTERM
      }
      for (String topic : TOPICS) {
        ChildJvm cli = terminated.get(topic);
        assertThat(cli.awaitExit(Duration.ofSeconds(60))).as(cli.logTail()).hasValue(143);
        assertThat(Files.readString(dir.resolve(topic + "-3.log")))
            .contains("stream " + topic + ": stopping after the batch in flight (SIGTERM)")
            .contains("stream " + topic + " stopped on SIGTERM")
            .doesNotContain("stopping on SIGTERM failed");
      }
      produce(producer, from, 40);
      Map<String, ChildJvm> last = new LinkedHashMap<>();
      for (String topic : TOPICS) {
        last.put(topic, cli(topic, kafka, config, 4, true));
      }
      for (String topic : TOPICS) {
        OptionalInt exit = last.get(topic).awaitExit(Duration.ofMinutes(5));
        assertThat(exit).as(last.get(topic).logTail()).hasValue(0);
        assertThat(Files.readString(dir.resolve(topic + "-4.log")))
            .contains("stream " + topic + " stopped");
      }

      List<String> clickIds = column(catalog, "clickstream", "event_id");
      assertThat(clickIds).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(clicks);
      Map<String, String> statuses = new HashMap<>();
      read(catalog, "orders")
          .forEach(
              r -> statuses.put((String) r.getField("order_id"), (String) r.getField("status")));
      assertThat(column(catalog, "orders", "order_id")).doesNotHaveDuplicates();
      assertThat(statuses).isEqualTo(latestStatus);
      List<String> changes = column(catalog, "inventory_changes", "change_id");
      assertThat(changes)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(deltas.keySet());
      Map<String, Long> expectedStock = new HashMap<>();
      deltas.forEach((id, d) -> expectedStock.merge(productOf.get(id), (long) d, Long::sum));
      Map<String, Long> stock = new HashMap<>();
      read(catalog, "inventory")
          .forEach(r -> stock.put((String) r.getField("product_id"), (Long) r.getField("stock")));
      assertThat(stock).isEqualTo(expectedStock);
      for (String table : List.of("clickstream", "orders", "inventory_changes")) {
        assertThat(read(catalog, table + "_quarantine"))
            .as("bad events of %s, each once", table)
            .hasSize(bad.getOrDefault(table, 0));
      }
      for (String table :
          List.of("clickstream", "orders", "inventory_changes", "inventory", "orders_quarantine")) {
        assertNoBatchCommittedTwice(catalog.loadTable(TableIdentifier.of("ecommerce", table)));
      }
      assertThat(sent).as("re-sent events").isGreaterThan(distinct);
    }
  }

  /**
   * Sends {@code count} clicks, stock changes and order updates from {@code from}, with about one
   * event in ten re-sent and one in 25 bad, spread over the topics' partitions.
   */
  private void produce(KafkaProducer<String, String> producer, int from, int count)
      throws Exception {
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      String click = "click-" + i;
      clicks.add(click);
      add(records, "clickstream_events", click(click, i), true);
      String change = "change-" + i;
      int delta = random.nextInt(11) - 3;
      deltas.put(change, delta);
      productOf.put(change, "p" + (i % 7));
      add(records, "inventory_changes", change(change, productOf.get(change), delta, i), true);
      String order = "o-" + (i % 30);
      int step = i / 30;
      if (step >= latestStep.getOrDefault(order, -1)) {
        latestStep.put(order, step);
        latestStatus.put(order, status(step));
      }
      add(records, "order_updates", update(order, step, i), true);
      if (i % 25 == 7) {
        add(records, "clickstream_events", click(null, i), false);
        bad.merge("clickstream", 1, Integer::sum);
        add(records, "inventory_changes", "{not json " + i, false);
        bad.merge("inventory_changes", 1, Integer::sum);
        add(records, "order_updates", update(null, step, i), false);
        bad.merge("orders", 1, Integer::sum);
      }
    }
    Collections.shuffle(records, random); // a later update often arrives before an earlier one
    for (ProducerRecord<String, String> record : records) {
      producer.send(record).get();
      sent++;
    }
  }

  /** Adds {@code value} and, one time in ten when {@code mayResend}, a re-sent copy of it. */
  private void add(
      List<ProducerRecord<String, String>> records, String topic, String value, boolean mayResend) {
    records.add(new ProducerRecord<>(topic, value));
    distinct++;
    if (mayResend && random.nextInt(10) == 0) {
      records.add(new ProducerRecord<>(topic, value));
    }
  }

  private static String status(int step) {
    return List.of("PENDING", "PAID", "SHIPPED", "DELIVERED", "RETURNED").get(Math.min(step, 4));
  }

  private static String click(String id, int i) {
    return String.format(
        "{\"event_id\":%s,\"customer_id\":\"c%d\",\"session_id\":\"s%d\",\"event_ts\":\"%s\","
            + "\"event_type\":\"page_view\",\"page_url\":\"/p/%d\",\"product_id\":null,"
            + "\"device\":\"web\",\"referrer\":null}",
        id == null ? "null" : "\"" + id + "\"", i % 13, i % 9, START.plusSeconds(i), i);
  }

  private static String change(String id, String product, int delta, int i) {
    return String.format(
        "{\"change_id\":\"%s\",\"product_id\":\"%s\",\"quantity_delta\":%d,"
            + "\"change_ts\":\"%s\",\"reason\":\"sale\"}",
        id, product, delta, START.plusSeconds(i));
  }

  /** Order {@code id}'s update number {@code step} (a minute after the one before). */
  private static String update(String id, int step, int i) {
    return String.format(
        "{\"order_id\":%s,\"customer_id\":\"c%d\",\"order_timestamp\":\"%s\",\"status\":\"%s\","
            + "\"product_id\":\"p1\",\"quantity\":\"1\",\"unit_price\":\"5.00\","
            + "\"discount\":\"0\",\"tax\":\"0.50\",\"shipping_cost\":\"1.00\",\"currency\":\"usd\","
            + "\"payment_method\":\"card\",\"channel\":\"web\"}",
        id == null ? "null" : "\"" + id + "\"",
        i % 13,
        START.plusSeconds(60L * step + i % 30),
        status(step));
  }

  /** {@code gridata stream} for {@code topic} in a JVM of its own, as {@code ./gridata} runs it. */
  private ChildJvm cli(String topic, KafkaBroker kafka, Path config, int round, boolean catchUp)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "stream",
                "--topic",
                topic,
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--checkpoint",
                dir.resolve("checkpoint-" + topic).toString(),
                "--config",
                config.toString(),
                "--trigger",
                "1s"));
    if (catchUp) {
      args.addAll(List.of("--until-idle", "8s"));
    }
    List<String> jvm = new ArrayList<>(jvmOptions());
    jvm.add("-Xmx768m");
    List<Path> classpath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      classpath.add(Paths.get(entry));
    }
    return ChildJvm.start(
        "gridata-stream-" + topic,
        classpath,
        jvm,
        GridataCli.class.getName(),
        args,
        dir.resolve(topic + "-" + round + ".log"));
  }

  /** The launcher's JVM flags (the module's {@code jvm.options}: Spark's --add-opens). */
  private static List<String> jvmOptions() throws IOException {
    try (InputStream in = GridataCli.class.getResourceAsStream("/io/gridata/samples/jvm.options")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
    }
  }

  private Path config(LakehouseStack stack) throws IOException {
    return Files.writeString(
        dir.resolve("gridata.properties"),
        String.join(
            "\n",
            "gridata.catalog.type=rest",
            "gridata.catalog.uri=" + stack.catalog().uri(),
            "gridata.catalog.warehouse=" + stack.catalog().warehouse(),
            "gridata.s3.endpoint=" + stack.s3().endpoint(),
            "gridata.s3.access-key=" + stack.s3().accessKey(),
            "gridata.s3.secret-key=" + stack.s3().secretKey(),
            ""));
  }

  private KafkaBroker broker() {
    KafkaBroker kafka = new KafkaBroker().withDataDirectory(dir.resolve("kafka"));
    TOPICS.forEach(topic -> kafka.withTopic(topic, 2));
    return kafka.start();
  }

  private static KafkaProducer<String, String> producer(String servers) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  /** Micro-batches committed so far to each topic's table. */
  private static Map<String, Long> batches(RESTCatalog catalog) {
    Map<String, Long> batches = new HashMap<>();
    Map<String, String> tables =
        Map.of(
            "clickstream_events", "clickstream",
            "order_updates", "orders",
            "inventory_changes", "inventory_changes");
    tables.forEach(
        (topic, table) -> {
          TableIdentifier id = TableIdentifier.of("ecommerce", table);
          long n = 0;
          if (catalog.tableExists(id)) {
            for (Snapshot snapshot : catalog.loadTable(id).snapshots()) {
              if (snapshot.summary().containsKey(StreamCommits.BATCH_ID)) {
                n++;
              }
            }
          }
          batches.put(topic, n);
        });
    return batches;
  }

  private static void assertNoBatchCommittedTwice(Table table) {
    Map<String, Integer> seen = new HashMap<>();
    for (Snapshot snapshot : table.snapshots()) {
      String batch = snapshot.summary().get(StreamCommits.BATCH_ID);
      if (batch != null) {
        seen.merge(snapshot.summary().get(StreamCommits.QUERY_ID) + "/" + batch, 1, Integer::sum);
      }
    }
    assertThat(seen).as(table.name()).isNotEmpty();
    assertThat(seen.values()).as(table.name()).allMatch(n -> n == 1);
  }

  private static void await(BooleanSupplier done, ChildJvm cli) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(cli.isAlive()).as("gridata stream died:%n%s", cli.logTail()).isTrue();
      assertThat(System.nanoTime()).as("timed out:%n%s", cli.logTail()).isLessThan(deadline);
      Thread.sleep(500);
    }
  }

  private static List<String> column(RESTCatalog catalog, String table, String name) {
    List<String> values = new ArrayList<>();
    read(catalog, table).forEach(r -> values.add((String) r.getField(name)));
    return values;
  }

  private static List<Record> read(RESTCatalog catalog, String table) {
    List<Record> records = new ArrayList<>();
    try (CloseableIterable<Record> all =
        IcebergGenerics.read(catalog.loadTable(TableIdentifier.of("ecommerce", table))).build()) {
      all.forEach(r -> records.add(r.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return records;
  }
}
