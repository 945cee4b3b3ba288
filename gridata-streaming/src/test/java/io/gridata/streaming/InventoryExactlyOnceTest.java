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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
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
 * Exactly once for the additive stock: the {@code inventory_changes} job runs in a child JVM
 * against a real broker and the stack's REST catalog, halts between its first batch's Iceberg
 * commits and the checkpoint commit, is killed with SIGKILL at random moments while changes (with
 * re-sent ones and bad ones) keep arriving, and restarts from its checkpoint each time. At the end
 * each product's stock is the sum of the distinct valid deltas produced for it, every change is in
 * the changes table once, every bad one in quarantine once, and no batch id was added to the stock
 * twice.
 */
@Tag("integration")
class InventoryExactlyOnceTest {
  private static final String TOPIC = "inventory_changes";
  private static final TableIdentifier CHANGES = TableIdentifier.of("stream_inv", TOPIC);
  private static final TableIdentifier QUARANTINE =
      TableIdentifier.of("stream_inv", "inventory_changes_quarantine");
  private static final TableIdentifier STOCK = TableIdentifier.of("stream_inv", "inventory");

  private final Random random = new Random(18);
  private final Map<String, Integer> deltas = new LinkedHashMap<>();
  private final Map<String, String> productOf = new HashMap<>();
  private int badChanges;
  private int sent;

  @Test
  void stockIsTheSumOfDistinctChangesAcrossKillsAndRestarts(@TempDir Path dir) throws Exception {
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
              "gridata." + CHANGES);

      produce(producer, 0, 150);
      ChildJvm first = child(args, "halt-after-commit", dir.resolve("child-1.log"), TOPIC);
      OptionalInt exit = first.awaitExit(Duration.ofMinutes(4));
      assertThat(exit).as(first.logTail()).hasValue(StreamingChild.HALTED);
      assertThat(rows(catalog, STOCK)).isPositive();

      int from = 150;
      for (int round = 2; round <= 3; round++) {
        ChildJvm running = child(args, "run", dir.resolve("child-" + round + ".log"), TOPIC);
        long before = applied(catalog);
        produce(producer, from, 120);
        from += 120;
        await(() -> applied(catalog) > before, Duration.ofMinutes(4), running);
        Thread.sleep(random.nextInt(3000));
        running.kill();
      }

      produce(producer, from, 80);
      ChildJvm last = child(args, "run", dir.resolve("child-4.log"), TOPIC);
      try {
        await(
            () -> applied(catalog) >= deltas.size() && rows(catalog, QUARANTINE) >= badChanges,
            Duration.ofMinutes(5),
            last);
        Thread.sleep(3000); // one more trigger: nothing more may arrive
      } finally {
        last.close();
      }

      Map<String, Long> expected = new HashMap<>();
      deltas.forEach((id, delta) -> expected.merge(productOf.get(id), (long) delta, Long::sum));
      Map<String, Long> stock = new HashMap<>();
      long changesApplied = 0;
      for (Record r : read(catalog, STOCK)) {
        stock.put((String) r.getField("product_id"), (Long) r.getField("stock"));
        changesApplied += (Long) r.getField("changes_applied");
      }
      assertThat(stock).isEqualTo(expected);
      assertThat(changesApplied).isEqualTo(deltas.size());
      List<String> ids = new ArrayList<>();
      read(catalog, CHANGES).forEach(r -> ids.add((String) r.getField("change_id")));
      assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(deltas.keySet());
      assertThat(rows(catalog, QUARANTINE)).isEqualTo(badChanges);
      assertNoBatchCommittedTwice(catalog.loadTable(STOCK));
      assertNoBatchCommittedTwice(catalog.loadTable(CHANGES));
      assertThat(Files.readString(dir.resolve("child-2.log")))
          .as("the halted batch was replayed and found committed")
          .contains("not added again");
      assertThat(sent).isGreaterThan(deltas.size() + badChanges); // duplicates were sent
    }
  }

  /**
   * Sends {@code count} new changes from {@code from} over 12 products (random deltas from -5 to
   * 9), plus re-sent earlier ones (same change, same time) and bad ones (no product, a fractional
   * delta, or not JSON).
   */
  private void produce(KafkaProducer<String, String> producer, int from, int count)
      throws Exception {
    List<String> values = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      String id = "ch-" + i;
      int delta = random.nextInt(15) - 5;
      deltas.put(id, delta);
      productOf.put(id, "p" + (i % 12));
      values.add(change(id, productOf.get(id), Integer.toString(delta), i));
      if (i % 10 == 3) {
        int j = i - random.nextInt(Math.min(i, 40) + 1);
        String again = "ch-" + j;
        values.add(change(again, productOf.get(again), Integer.toString(deltas.get(again)), j));
      }
      if (i % 25 == 7) {
        values.add(
            switch (i % 3) {
              case 0 -> change("bad-" + i, null, "1", i);
              case 1 -> change("bad-" + i, "p1", "1.5", i);
              default -> "{broken json " + i;
            });
        badChanges++;
      }
    }
    for (String value : values) {
      producer.send(new ProducerRecord<>(TOPIC, value)).get();
      sent++;
    }
  }

  private static String change(String id, String product, String delta, int i) {
    String ts = Instant.parse("2026-12-01T12:00:00Z").plusSeconds(i).toString();
    return String.format(
        "{\"change_id\":\"%s\",\"product_id\":%s,\"quantity_delta\":%s,\"change_ts\":\"%s\","
            + "\"reason\":\"adjustment\"}",
        id, product == null ? "null" : "\"" + product + "\"", delta, ts);
  }

  /** Changes applied to the stock so far (the sum of {@code changes_applied}). */
  private static long applied(RESTCatalog catalog) {
    if (!catalog.tableExists(STOCK)) {
      return 0;
    }
    try {
      long n = 0;
      for (Record r : read(catalog, STOCK)) {
        n += (Long) r.getField("changes_applied");
      }
      return n;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Record> read(RESTCatalog catalog, TableIdentifier id) throws IOException {
    List<Record> records = new ArrayList<>();
    try (CloseableIterable<Record> all = IcebergGenerics.read(catalog.loadTable(id)).build()) {
      all.forEach(r -> records.add(r.copy()));
    }
    return records;
  }
}
