package io.gridata.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.core.http.LoopbackReceiver;
import io.gridata.core.ingest.SnapshotSummaryKeys;
import io.gridata.core.retry.FastRetry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * The outbox on Iceberg's in-memory catalog and the JDK's HTTP server: what a publish owes is in
 * its snapshot, what a receiver acknowledged in a table property, and a later run sends what is
 * owed and not acknowledged.
 */
class TriggerOutboxTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aPublishWhoseTriggerWasLostIsSentByTheNextRunAndOnlyOnce() throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver(204, DownstreamTrigger.SIGNATURE_HEADER);
        InMemoryCatalog catalog = new InMemoryCatalog()) {
      URI url = receiver.url("/orders");
      DownstreamTrigger trigger =
          new DownstreamTrigger(
              List.of(url), Optional.empty(), FastRetry.attempts(1), Duration.ofSeconds(5));
      TriggerOutbox outbox = new TriggerOutbox(trigger);
      Table table = table(catalog);
      commit(table, "before-the-trigger", Map.of());
      Snapshot first = commit(table, "run-1", outbox.owedProperties());
      Snapshot second = commit(table, "run-1", outbox.owedProperties());

      // run-1's process died after both publishes and before its trigger step
      assertThat(TriggerOutbox.owed(table, url))
          .extracting(Snapshot::snapshotId)
          .containsExactly(first.snapshotId(), second.snapshotId());

      receiver.failNext(1, 503);
      List<TriggerOutbox.Sent> failed = outbox.deliver(table, TriggerOutboxTest::event);
      assertThat(failed)
          .singleElement()
          .satisfies(s -> assertThat(s.delivery().delivered()).isFalse());

      List<TriggerOutbox.Sent> sent = outbox.deliver(table, TriggerOutboxTest::event);
      assertThat(sent)
          .extracting(TriggerOutbox.Sent::snapshotId)
          .containsExactly(first.snapshotId(), second.snapshotId());
      assertThat(sent).allSatisfy(s -> assertThat(s.delivery().delivered()).isTrue());
      assertThat(receiver.requests()).hasSize(3);
      assertThat(JSON.readTree(receiver.requests().get(2).body()).get("snapshotId").asLong())
          .isEqualTo(second.snapshotId());
      table.refresh();
      assertThat(table.properties())
          .containsEntry(
              TriggerOutbox.ACK_PREFIX + TriggerOutbox.receiverId(url),
              second.snapshotId() + "@" + second.timestampMillis());

      assertThat(outbox.deliver(table, TriggerOutboxTest::event)).isEmpty();
      Snapshot third = commit(table, "run-2", outbox.owedProperties());
      assertThat(outbox.deliver(table, TriggerOutboxTest::event))
          .extracting(TriggerOutbox.Sent::snapshotId)
          .containsExactly(third.snapshotId());
      assertThat(TriggerOutbox.owed(table, receiver.url("/other"))).isEmpty();
    }
  }

  private static TriggerEvent event(Snapshot snapshot) {
    return new TriggerEvent(
        "ns.orders",
        snapshot.snapshotId(),
        snapshot.summary().get(SnapshotSummaryKeys.RUN_ID),
        Map.of(),
        Instant.ofEpochMilli(snapshot.timestampMillis()));
  }

  private static Table table(InMemoryCatalog catalog) {
    catalog.initialize("test", Map.of());
    catalog.createNamespace(Namespace.of("ns"));
    return catalog.createTable(
        TableIdentifier.of("ns", "orders"),
        new Schema(Types.NestedField.required(1, "id", Types.LongType.get())),
        PartitionSpec.unpartitioned());
  }

  private static Snapshot commit(Table table, String runId, Map<String, String> properties) {
    var append = table.newAppend().set(SnapshotSummaryKeys.RUN_ID, runId);
    properties.forEach(append::set);
    append.commit();
    table.refresh();
    return table.currentSnapshot();
  }
}
