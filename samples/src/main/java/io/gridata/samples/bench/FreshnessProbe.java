package io.gridata.samples.bench;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Freshness from Kafka to Trino: sends order updates with known ids to {@code order_updates} at a
 * steady rate and polls a Trino query for those ids; an event's latency is the time its row was
 * first returned by Trino minus the time it was sent. Whatever sits between (the streaming job, the
 * catalog, Trino) is the caller's.
 */
public final class FreshnessProbe {
  /** The topic the orders stream reads. */
  public static final String TOPIC = "order_updates";

  private final Producer<String, String> producer;
  private final Connection trino;
  private final String view;

  /**
   * A probe sending with {@code producer} and querying {@code view} (a relation with an {@code
   * order_id} column) through {@code trino}.
   */
  public FreshnessProbe(Producer<String, String> producer, Connection trino, String view) {
    this.producer = requireNonNull(producer, "producer is null");
    this.trino = requireNonNull(trino, "trino is null");
    this.view = requireNonNull(view, "view is null");
  }

  /**
   * What one probe measured.
   *
   * @param latenciesMillis per event seen, sent to first returned by Trino, sorted
   * @param sent events sent
   * @param queryMillis duration of each poll query, sorted
   */
  public record Result(long[] latenciesMillis, int sent, long[] queryMillis) {
    /** Events Trino returned within the timeout. */
    public int seen() {
      return latenciesMillis.length;
    }

    /** The {@code p}-th percentile (nearest rank) of {@code sorted}, 0 when empty. */
    public static long percentile(long[] sorted, double p) {
      if (sorted.length == 0) {
        return 0;
      }
      int rank = (int) Math.ceil(p / 100.0 * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
  }

  /**
   * Sends {@code events} updates of new orders {@code <prefix><n>} ({@code order_ts} = now) at
   * {@code perSecond}, polling every {@code poll} until each is seen or {@code timeout} has passed
   * since the last one was sent.
   */
  public Result run(String prefix, int events, double perSecond, Duration poll, Duration timeout)
      throws SQLException, InterruptedException {
    Map<String, Long> sentAt = new HashMap<>();
    Map<String, Long> seenAt = new HashMap<>();
    List<Long> queries = new ArrayList<>();
    ExecutorService sender = Executors.newSingleThreadExecutor(r -> new Thread(r, "freshness"));
    try {
      Future<?> sending = sender.submit(() -> send(prefix, events, perSecond, sentAt));
      long deadline = Long.MAX_VALUE;
      try (PreparedStatement query =
          trino.prepareStatement("SELECT order_id FROM " + view + " WHERE order_id LIKE ?")) {
        query.setString(1, prefix + "%");
        while (seenAt.size() < events && System.currentTimeMillis() < deadline) {
          long started = System.currentTimeMillis();
          List<String> ids = new ArrayList<>();
          try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getString(1));
            }
          }
          long returned = System.currentTimeMillis();
          queries.add(returned - started);
          for (String id : ids) {
            seenAt.putIfAbsent(id, returned);
          }
          if (sending.isDone() && deadline == Long.MAX_VALUE) {
            sending.get();
            deadline = returned + timeout.toMillis();
          }
          Thread.sleep(Math.max(0, poll.toMillis() - (returned - started)));
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException("Cannot send to " + TOPIC + ": " + e.getCause(), e);
      }
    } finally {
      sender.shutdownNow();
    }
    long[] latencies;
    synchronized (sentAt) {
      latencies =
          seenAt.entrySet().stream()
              .filter(e -> sentAt.containsKey(e.getKey()))
              .mapToLong(e -> e.getValue() - sentAt.get(e.getKey()))
              .sorted()
              .toArray();
    }
    long[] queryMillis = queries.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(queryMillis);
    return new Result(latencies, events, queryMillis);
  }

  private Void send(String prefix, int events, double perSecond, Map<String, Long> sentAt)
      throws InterruptedException, ExecutionException {
    long start = System.nanoTime();
    for (int i = 0; i < events; i++) {
      long due = start + (long) (i * 1_000_000_000L / perSecond);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      String id = prefix + i;
      synchronized (sentAt) {
        sentAt.put(id, System.currentTimeMillis());
      }
      producer.send(new ProducerRecord<>(TOPIC, id, order(id, Instant.now()))).get();
    }
    return null;
  }

  /** A new order's update event as the producers of {@code order_updates} write it. */
  public static String order(String id, Instant placed) {
    return String.format(
        "{\"order_id\":\"%s\",\"customer_id\":\"freshness\",\"order_timestamp\":\"%s\","
            + "\"status\":\"PENDING\",\"product_id\":\"p1\",\"quantity\":\"1\","
            + "\"unit_price\":\"10.00\",\"discount\":\"0\",\"tax\":\"1.00\","
            + "\"shipping_cost\":\"2.00\",\"currency\":\"USD\",\"payment_method\":\"card\","
            + "\"channel\":\"web\"}",
        id, placed);
  }
}
