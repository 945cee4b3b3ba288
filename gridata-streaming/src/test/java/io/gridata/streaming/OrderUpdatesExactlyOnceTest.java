package io.gridata.streaming;

import static io.gridata.streaming.KafkaExactlyOnceTest.assertNoBatchCommittedTwice;
import static io.gridata.streaming.KafkaExactlyOnceTest.await;
import static io.gridata.streaming.KafkaExactlyOnceTest.child;
import static io.gridata.streaming.KafkaExactlyOnceTest.producer;
import static io.gridata.streaming.KafkaExactlyOnceTest.rows;
import static io.gridata.streaming.KafkaExactlyOnceTest.sparkConf;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.testkit.Backend;
import io.gridata.testkit.KafkaBroker;
import io.gridata.testkit.LakehouseStack;
import io.gridata.testkit.internal.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once for the merged topic: the {@code order_updates} job runs in a child JVM against a
 * real broker and the stack's REST catalog, halts between its first batch's Iceberg commits and the
 * checkpoint commit, is killed with SIGKILL at random moments while status updates (sent out of
 * order, some re-sent, some bad) keep arriving, and restarts from its checkpoint each time. At the
 * end every order is in the table once with the status of its latest update, every bad update is in
 * quarantine once, and no batch id was committed twice to either table.
 */
@Tag("integration")
class OrderUpdatesExactlyOnceTest {
  private static final String TOPIC = "order_updates";
  private static final TableIdentifier ORDERS = TableIdentifier.of("stream_upd", "orders");
  private static final TableIdentifier QUARANTINE =
      TableIdentifier.of("stream_upd", "orders_quarantine");
  private static final List<String> LIFE = List.of("PENDING", "PAID", "SHIPPED");
  private static final List<String> ENDS = List.of("DELIVERED", "CANCELLED", "RETURNED");
  private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");

  private final Random random = new Random(18);

  /** Every valid update not yet sent: order id, step (0..3), status. */
  private final List<String[]> unsent = new ArrayList<>();

  /** The status of each order's latest update sent, by order id. */
  private final Map<String, String> latest = new HashMap<>();

  private final Map<String, Integer> latestStep = new HashMap<>();
  private final List<String> sentValues = new ArrayList<>();
  private int badUpdates;
  private int records;

  @Test
  void eachOrderEndsWithItsLatestStatusOnceAcrossKillsAndRestarts(@TempDir Path dir)
      throws Exception {
    for (int order = 0; order < 80; order++) {
      for (int step = 0; step < 4; step++) {
        String status = step < 3 ? LIFE.get(step) : ENDS.get(order % 3);
        unsent.add(new String[] {"o-" + order, Integer.toString(step), status});
      }
    }
    Collections.shuffle(unsent, random); // later updates often arrive first
    try (LakehouseStack stack = LakehouseStack.start(Backend.LOCAL, dir.resolve("stack"));
        KafkaBroker kafka =
            new KafkaBroker().withDataDirectory(dir.resolve("kafka")).withTopic(TOPIC, 3).start();
        KafkaProducer<String, String> producer = producer(kafka);
        RESTCatalog catalog = stack.catalog().newClient("gridata")) {
      List<String> args =
          List.of(
              sparkConf(stack, dir).toString(),
              kafka.bootstrapServers(),
              dir.resolve("checkpoint").toString(),
              "gridata." + ORDERS);

      produce(producer, 100);
      ChildJvm first = child(args, "halt-after-commit", dir.resolve("child-1.log"), TOPIC);
      OptionalInt exit = first.awaitExit(Duration.ofMinutes(4));
      assertThat(exit).as(first.logTail()).hasValue(StreamingChild.HALTED);
      assertThat(rows(catalog, ORDERS)).isPositive();

      for (int round = 2; round <= 3; round++) {
        ChildJvm running = child(args, "run", dir.resolve("child-" + round + ".log"), TOPIC);
        long before = batches(catalog);
        produce(producer, 90);
        await(() -> batches(catalog) > before, Duration.ofMinutes(4), running);
        Thread.sleep(random.nextInt(3000));
        running.kill();
      }

      produce(producer, unsent.size());
      ChildJvm last = child(args, "run", dir.resolve("child-4.log"), TOPIC);
      try {
        await(
            () -> statuses(catalog).equals(latest) && rows(catalog, QUARANTINE) >= badUpdates,
            Duration.ofMinutes(5),
            last);
        Thread.sleep(3000); // one more trigger: nothing more may arrive
      } finally {
        last.close();
      }

      assertThat(latest).hasSize(80);
      List<String> ids = new ArrayList<>();
      Map<String, String> statuses = new HashMap<>();
      for (Record r : read(catalog, ORDERS)) {
        ids.add((String) r.getField("order_id"));
        statuses.put((String) r.getField("order_id"), (String) r.getField("status"));
      }
      assertThat(ids).as("one row per order").doesNotHaveDuplicates().hasSize(80);
      assertThat(statuses).as("the latest update of each order wins").isEqualTo(latest);
      assertThat(rows(catalog, QUARANTINE)).isEqualTo(badUpdates);
      assertNoBatchCommittedTwice(catalog.loadTable(ORDERS));
      assertNoBatchCommittedTwice(catalog.loadTable(QUARANTINE));
      assertThat(Files.readString(dir.resolve("child-2.log")))
          .as("the halted batch was replayed and found committed")
          .contains("not written again");
      assertThat(records).as("re-sent updates").isGreaterThan(320 + badUpdates);
    }
  }

  /**
   * Sends the next {@code count} updates of the shuffled list, re-sending about one in eight sent
   * before (same order, same time) and adding a bad one (no order id, or not JSON) every 30.
   */
  private void produce(KafkaProducer<String, String> producer, int count) throws Exception {
    List<String> values = new ArrayList<>();
    for (int n = 0; n < count && !unsent.isEmpty(); n++) {
      String[] update = unsent.remove(0);
      int step = Integer.parseInt(update[1]);
      String value = update(update[0], step, update[2]);
      values.add(value);
      if (step >= latestStep.getOrDefault(update[0], -1)) {
        latestStep.put(update[0], step);
        latest.put(update[0], update[2]);
      }
      if (!sentValues.isEmpty() && random.nextInt(8) == 0) {
        values.add(sentValues.get(random.nextInt(sentValues.size())));
      }
      if (random.nextInt(30) == 0) {
        values.add(random.nextBoolean() ? update(null, step, "PAID") : "{broken json " + update[0]);
        badUpdates++;
      }
      sentValues.add(value);
    }
    for (String value : values) {
      producer.send(new ProducerRecord<>(TOPIC, value)).get();
      records++;
    }
  }

  /** Order {@code id}'s update number {@code step}: a minute after the one before. */
  private static String update(String id, int step, String status) {
    int order = id == null ? 0 : Integer.parseInt(id.substring(2));
    Instant ts = START.plusSeconds(order).plusSeconds(60L * step);
    return String.format(
        "{\"order_id\":%s,\"customer_id\":\"c%d\",\"order_timestamp\":\"%s\",\"status\":\"%s\","
            + "\"product_id\":\"p1\",\"quantity\":\"2\",\"unit_price\":\"10.00\","
            + "\"discount\":\"0\",\"tax\":\"1.00\",\"shipping_cost\":\"2.00\",\"currency\":\"usd\","
            + "\"payment_method\":\"card\",\"channel\":\"web\"}",
        id == null ? "null" : "\"" + id + "\"", order % 7, ts, status);
  }

  /** Micro-batches committed to the orders table so far. */
  private static long batches(RESTCatalog catalog) {
    if (!catalog.tableExists(ORDERS)) {
      return 0;
    }
    long n = 0;
    for (Snapshot snapshot : catalog.loadTable(ORDERS).snapshots()) {
      if (snapshot.summary().containsKey(StreamCommits.BATCH_ID)) {
        n++;
      }
    }
    return n;
  }

  private static Map<String, String> statuses(RESTCatalog catalog) {
    Map<String, String> statuses = new HashMap<>();
    if (!catalog.tableExists(ORDERS)) {
      return statuses;
    }
    try {
      read(catalog, ORDERS)
          .forEach(
              r -> statuses.put((String) r.getField("order_id"), (String) r.getField("status")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return statuses;
  }

  private static List<Record> read(RESTCatalog catalog, TableIdentifier id) throws IOException {
    List<Record> records = new ArrayList<>();
    try (CloseableIterable<Record> all = IcebergGenerics.read(catalog.loadTable(id)).build()) {
      all.forEach(r -> records.add(r.copy()));
    }
    return records;
  }
}
