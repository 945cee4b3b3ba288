package io.gridata.core.trigger;

import static java.util.Objects.requireNonNull;

import io.gridata.core.http.Delivery;
import io.gridata.core.ingest.SnapshotSummaryKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * At-least-once delivery of the downstream trigger, kept in the table itself. What is owed is
 * recorded with the publish: the published snapshot's summary lists the receivers under {@link
 * SnapshotSummaryKeys#TRIGGER_OWED} ({@link #owedProperties()}, set on the staged commit, so it
 * reaches {@code main} in the same atomic commit as the rows). What was acknowledged (a 2xx answer)
 * is the table property {@value #ACK_PREFIX}{@code <receiver id>}, the newest snapshot delivered to
 * that receiver. Every run with the trigger sends each receiver, oldest first, every snapshot on
 * {@code main} that owes it an event and is newer than its acknowledgement, so a run that crashed
 * (or could not reach the receiver) between its publish and its trigger is made good by the next
 * run, even one with nothing new to ingest.
 *
 * <p>A receiver can get an event twice (a crash after its answer and before the acknowledgement was
 * written, two runs at once): it de-duplicates by {@code snapshotId}, which identifies one publish
 * of one table.
 */
public final class TriggerOutbox {
  /** Prefix of the table properties holding acknowledgements: {@value}. */
  public static final String ACK_PREFIX = "gridata.trigger.acked.";

  private final DownstreamTrigger trigger;

  /** The outbox of {@code trigger}'s receivers. */
  public TriggerOutbox(DownstreamTrigger trigger) {
    this.trigger = requireNonNull(trigger, "trigger is null");
  }

  /**
   * One event sent.
   *
   * @param snapshotId the published snapshot it announced
   * @param delivery what the receiver answered
   */
  public record Sent(long snapshotId, Delivery delivery) {
    /** Validates. */
    public Sent {
      requireNonNull(delivery, "delivery is null");
    }
  }

  /**
   * A receiver's id in snapshot summaries and table properties: the first 16 hex digits of the
   * SHA-256 of its URL (URLs may carry tokens, so they are not stored).
   */
  public static String receiverId(URI url) {
    requireNonNull(url, "url is null");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(url.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** The summary entry to put on a staged commit: it owes an event to each receiver. */
  public Map<String, String> owedProperties() {
    return Map.of(
        SnapshotSummaryKeys.TRIGGER_OWED,
        trigger.urls().stream().map(TriggerOutbox::receiverId).collect(Collectors.joining(",")));
  }

  /**
   * The snapshots of {@code main} that owe {@code url} an event it has not acknowledged, oldest
   * first. After a rollback of {@code main} below the acknowledged snapshot, what is newer than
   * that snapshot's commit time is owed.
   */
  public static List<Snapshot> owed(Table table, URI url) {
    requireNonNull(table, "table is null");
    String id = receiverId(url);
    table.refresh();
    SnapshotRef main = table.refs().get(SnapshotRef.MAIN_BRANCH);
    if (main == null) {
      return List.of();
    }
    Ack ack = Ack.parse(table.properties().get(ACK_PREFIX + id));
    List<Snapshot> owed = new ArrayList<>();
    for (Snapshot snapshot : SnapshotUtil.ancestorsOf(main.snapshotId(), table::snapshot)) {
      if (ack != null
          && (snapshot.snapshotId() == ack.snapshotId()
              || snapshot.timestampMillis() < ack.timestampMillis())) {
        break;
      }
      String receivers = snapshot.summary().get(SnapshotSummaryKeys.TRIGGER_OWED);
      if (receivers != null && Arrays.asList(receivers.split(",")).contains(id)) {
        owed.add(0, snapshot);
      }
    }
    return owed;
  }

  /**
   * Sends each receiver what it is owed, oldest first, and records each acknowledgement in {@code
   * table}'s properties. A receiver that does not answer 2xx gets nothing newer in this call: the
   * next run starts again from its oldest unacknowledged snapshot.
   *
   * @param events the event announcing a snapshot
   * @return every event sent, per receiver in order
   */
  public List<Sent> deliver(Table table, Function<Snapshot, TriggerEvent> events) {
    requireNonNull(table, "table is null");
    requireNonNull(events, "events is null");
    List<Sent> sent = new ArrayList<>();
    for (URI url : trigger.urls()) {
      for (Snapshot snapshot : owed(table, url)) {
        Delivery delivery = trigger.send(events.apply(snapshot), url);
        sent.add(new Sent(snapshot.snapshotId(), delivery));
        if (!delivery.delivered()) {
          break;
        }
        acknowledge(table, url, snapshot);
      }
    }
    return sent;
  }

  /** Records that {@code url} got {@code snapshot}, unless it acknowledged a newer one already. */
  private static void acknowledge(Table table, URI url, Snapshot snapshot) {
    String key = ACK_PREFIX + receiverId(url);
    table.refresh();
    Ack current = Ack.parse(table.properties().get(key));
    if (current != null && current.timestampMillis() > snapshot.timestampMillis()) {
      return;
    }
    table
        .updateProperties()
        .set(key, snapshot.snapshotId() + "@" + snapshot.timestampMillis())
        .commit();
  }

  /** {@code <snapshot id>@<commit time in epoch ms>}. */
  private record Ack(long snapshotId, long timestampMillis) {
    static Ack parse(String value) {
      if (value == null) {
        return null;
      }
      int at = value.indexOf('@');
      try {
        return new Ack(
            Long.parseLong(value.substring(0, at)), Long.parseLong(value.substring(at + 1)));
      } catch (RuntimeException malformed) {
        // not ours to interpret: start over, a receiver de-duplicates by snapshot id
        return null;
      }
    }
  }
}
