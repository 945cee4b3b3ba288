package io.gridata.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.testkit.Backend;
import io.gridata.testkit.KafkaBroker;
import io.gridata.testkit.LakehouseStack;
import io.gridata.testkit.internal.ChildJvm;
import io.gridata.testkit.spark.SparkSessions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
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
 * Exactly once across failures: the clickstream job runs in a child JVM against a real broker and
 * the stack's REST catalog; it halts itself between the Iceberg commit and the checkpoint commit,
 * is killed with SIGKILL at random moments while events keep arriving (re-sent duplicates and bad
 * events among them), and is restarted from its checkpoint each time. At the end every valid event
 * is in the table once, every bad event in quarantine once, and no (query id, batch id) was
 * committed twice.
 */
@Tag("integration")
class KafkaExactlyOnceTest {
  private static final String TOPIC = "clickstream_events";
  private static final TableIdentifier TABLE = TableIdentifier.of("stream_eo", "clickstream");
  private static final TableIdentifier QUARANTINE =
      TableIdentifier.of("stream_eo", "clickstream_quarantine");

  private final Random random = new Random(18);
  private final Set<String> validIds = new LinkedHashSet<>();
  private int badEvents;
  private int sent;

  @Test
  void everyEventExactlyOnceAcrossKillsAndRestarts(@TempDir Path dir) throws Exception {
    try (LakehouseStack stack = LakehouseStack.start(Backend.LOCAL, dir.resolve("stack"));
        KafkaBroker kafka =
            new KafkaBroker().withDataDirectory(dir.resolve("kafka")).withTopic(TOPIC, 3).start();
        KafkaProducer<String, String> producer = producer(kafka);
        RESTCatalog catalog = stack.catalog().newClient("gridata")) {
      Path conf = sparkConf(stack, dir);
      List<String> args =
          List.of(
              conf.toString(),
              kafka.bootstrapServers(),
              dir.resolve("checkpoint").toString(),
              "gridata." + TABLE);

      // 1. halted between the Iceberg commit of its first batch and the checkpoint commit
      produce(producer, 0, 150);
      ChildJvm first = child(args, "halt-after-commit", dir.resolve("child-1.log"));
      OptionalInt exit = first.awaitExit(Duration.ofMinutes(4));
      assertThat(exit).as(first.logTail()).hasValue(StreamingChild.HALTED);
      long afterHalt = rows(catalog, TABLE);
      assertThat(afterHalt).isPositive();

      // 2 and 3. SIGKILL at random moments while more events (and re-sent ones) arrive
      int from = 150;
      for (int round = 2; round <= 3; round++) {
        ChildJvm running = child(args, "run", dir.resolve("child-" + round + ".log"));
        long before = rows(catalog, TABLE);
        produce(producer, from, 120);
        from += 120;
        await(() -> rows(catalog, TABLE) > before, Duration.ofMinutes(4), running);
        Thread.sleep(random.nextInt(3000));
        running.kill();
      }

      // 4. a last run drains the topic
      produce(producer, from, 80);
      ChildJvm last = child(args, "run", dir.resolve("child-4.log"));
      try {
        await(
            () -> rows(catalog, TABLE) >= validIds.size() && rows(catalog, QUARANTINE) >= badEvents,
            Duration.ofMinutes(5),
            last);
        Thread.sleep(3000); // one more trigger: nothing more may arrive
      } finally {
        last.close();
      }

      List<String> ids = column(catalog, TABLE, "event_id");
      assertThat(ids).doesNotHaveDuplicates();
      assertThat(new HashSet<>(ids)).isEqualTo(validIds);
      List<String> quarantined = column(catalog, QUARANTINE, "_source_file");
      assertThat(quarantined).hasSize(badEvents).doesNotHaveDuplicates();
      assertNoBatchCommittedTwice(catalog.loadTable(TABLE));
      assertNoBatchCommittedTwice(catalog.loadTable(QUARANTINE));
      assertThat(Files.readString(dir.resolve("child-2.log")))
          .as("the halted batch was replayed and found committed")
          .contains("not written again");
      assertThat(sent).isGreaterThan(validIds.size() + badEvents); // duplicates were sent
    }
  }

  /**
   * Sends {@code count} new events from {@code from}, plus re-sent earlier ones (an earlier id, the
   * time of their sending, within the watermark) and bad ones (no event_id, or not JSON).
   */
  private void produce(KafkaProducer<String, String> producer, int from, int count)
      throws Exception {
    List<String> values = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      String id = "ev-" + i;
      values.add(event(id, i));
      validIds.add(id);
      if (i % 10 == 3) {
        values.add(event("ev-" + (i - random.nextInt(Math.min(i, 40) + 1)), i)); // re-sent
      }
      if (i % 25 == 7) {
        values.add(i % 50 == 7 ? "{broken json " + i : event(null, i));
        badEvents++;
      }
    }
    for (String value : values) {
      producer.send(new ProducerRecord<>(TOPIC, value)).get();
      sent++;
    }
  }

  private static String event(String id, int i) {
    String ts = java.time.Instant.parse("2026-12-01T12:00:00Z").plusSeconds(i).toString();
    return String.format(
        "{\"event_id\":%s,\"customer_id\":\"c%d\",\"session_id\":\"s%d\",\"event_ts\":\"%s\","
            + "\"event_type\":\"page_view\",\"page_url\":\"/p/%d\",\"product_id\":null,"
            + "\"device\":\"web\",\"referrer\":null}",
        id == null ? "null" : "\"" + id + "\"", i % 17, i % 5, ts, i);
  }

  static void assertNoBatchCommittedTwice(Table table) {
    Map<String, Integer> seen = new HashMap<>();
    for (Snapshot snapshot : table.snapshots()) {
      String batch = snapshot.summary().get(StreamCommits.BATCH_ID);
      if (batch != null) {
        seen.merge(snapshot.summary().get(StreamCommits.QUERY_ID) + "/" + batch, 1, Integer::sum);
      }
    }
    assertThat(seen).isNotEmpty();
    assertThat(seen.values()).allMatch(n -> n == 1);
    assertThat(seen.keySet().stream().map(k -> k.substring(0, k.indexOf('/'))).distinct())
        .as("one query id across restarts from the same checkpoint")
        .hasSize(1);
  }

  static long rows(RESTCatalog catalog, TableIdentifier id) {
    if (!catalog.tableExists(id)) {
      return 0;
    }
    Snapshot head = catalog.loadTable(id).currentSnapshot();
    return head == null ? 0 : Long.parseLong(head.summary().getOrDefault("total-records", "0"));
  }

  private static List<String> column(RESTCatalog catalog, TableIdentifier id, String name)
      throws IOException {
    List<String> values = new ArrayList<>();
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(catalog.loadTable(id)).select(name).build()) {
      records.forEach(r -> values.add((String) r.getField(name)));
    }
    return values;
  }

  static void await(BooleanSupplier done, Duration timeout, ChildJvm child)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(child.isAlive()).as("streaming JVM died:%n%s", child.logTail()).isTrue();
      assertThat(System.nanoTime()).as("timed out:%n%s", child.logTail()).isLessThan(deadline);
      Thread.sleep(500);
    }
  }

  static ChildJvm child(List<String> args, String mode, Path log, String... more) {
    List<String> all = new ArrayList<>(args);
    all.add(mode);
    all.addAll(List.of(more));
    List<String> jvm = new ArrayList<>();
    jvm.add("-Xmx1g");
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-Djdk.reflect")) {
        jvm.add(arg);
      }
    }
    List<Path> classpath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      classpath.add(Paths.get(entry));
    }
    return ChildJvm.start("streaming", classpath, jvm, StreamingChild.class.getName(), all, log);
  }

  static Path sparkConf(LakehouseStack stack, Path dir) throws IOException {
    Properties conf = new Properties();
    conf.putAll(SparkSessions.baseConf());
    conf.putAll(SparkSessions.icebergCatalogConf("gridata", stack.catalog()));
    Path file = dir.resolve("spark.properties");
    try (var out = Files.newOutputStream(file)) {
      conf.store(out, "the streaming child's Spark settings");
    }
    return file;
  }

  static KafkaProducer<String, String> producer(KafkaBroker kafka) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }
}
