package io.gridata.samples.bench;

import static java.util.Objects.requireNonNull;

import io.gridata.spark.clickstream.ClickstreamSpec;
import io.gridata.spark.ingest.IngestTables;
import io.gridata.streaming.StreamDataset;
import io.gridata.streaming.StreamingIngest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * {@code clickstream_events} from Kafka into Iceberg: Gridata's {@link StreamingIngest} against a
 * hand-written Structured Streaming query ({@link HandWrittenClickstreamStream}) on the same
 * broker, in one session, with the same trigger, {@code maxOffsetsPerTrigger} and watermark.
 *
 * <ol>
 *   <li>Sustained throughput: {@code events} click events (1% of them re-sent once more) are
 *       produced up front; then each path consumes all of them from the same starting offsets, from
 *       its own new checkpoint into its own new table, {@code rounds} times, which goes first
 *       alternating. Time of a run = from starting the query to the commit timestamp of the table's
 *       last snapshot (the commit that made the last event visible); events/s = distinct events /
 *       that time. Medians are reported. Target: Gridata &ge; 0.87x the hand-written query's
 *       events/s.
 *   <li>Latency at half of Gridata's sustained rate: each path in turn, on a new table, reads from
 *       the topic's end; after a warm-up batch a producer sends events at that rate for the latency
 *       window, each stamped with the time it was handed to the Kafka producer ({@code event_ts}).
 *       An event is <em>visible</em> at the commit timestamp ({@code committed_at}, Iceberg's
 *       {@code timestamp-ms}) of the snapshot that added its data file: the moment the writer
 *       committed the new table metadata, after which any reader loading the table sees the event.
 *       Latency = that minus {@code event_ts}, for every event; p50 and p95. Target: p95 &le; 2
 *       trigger intervals.
 * </ol>
 *
 * <p>Every run's table must hold each produced event exactly once (rows = distinct event ids =
 * events produced), or the benchmark fails.
 */
public final class StreamBenchmark {
  /** The topic the benchmark produces to and both paths read. */
  public static final String TOPIC = "clickstream_events";

  private static final String NAMESPACE = "gridata.bench_stream";
  private static final int RESEND_EVERY = 100;
  private static final int LATENCY_WARMUP_EVENTS = 100;
  private static final Duration WATERMARK = StreamingIngest.DEFAULT_WATERMARK;

  private final SparkSession spark;
  private final String bootstrapServers;
  private final Path workDir;
  private final PrintWriter out;

  /** The two ways of streaming the topic into Iceberg. */
  enum Way {
    GRIDATA("gridata"),
    HAND_WRITTEN("hand");

    final String suffix;

    Way(String suffix) {
      this.suffix = suffix;
    }
  }

  /**
   * What to run.
   *
   * @param events distinct events produced for the throughput runs
   * @param rounds throughput runs of each way
   * @param trigger processing-time trigger of both queries
   * @param maxOffsetsPerTrigger the Kafka source's limit per micro-batch, both queries
   * @param latencyWindow how long the producer sends during each way's latency run
   * @param warmupEvents events each way consumes once before the measured runs (0: none)
   * @param partitions partitions of the topic when the benchmark creates it
   */
  public record Settings(
      long events,
      int rounds,
      Duration trigger,
      long maxOffsetsPerTrigger,
      Duration latencyWindow,
      long warmupEvents,
      int partitions) {
    /** Validates. */
    public Settings {
      atLeast("events", events, 1);
      atLeast("rounds", rounds, 1);
      atLeast("maxOffsetsPerTrigger", maxOffsetsPerTrigger, 1);
      atLeast("warmupEvents", warmupEvents, 0);
      atLeast("partitions", partitions, 1);
      positive("trigger", trigger);
      positive("latencyWindow", latencyWindow);
    }

    private static void atLeast(String name, long value, long min) {
      if (value < min) {
        throw new IllegalArgumentException(
            "Invalid " + name + " " + value + ": must be at least " + min);
      }
    }

    private static void positive(String name, Duration value) {
      requireNonNull(value, name + " is null");
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException("Invalid " + name + " " + value + ": must be > 0");
      }
    }
  }

  /**
   * One consumption of the produced events by one way.
   *
   * @param seconds from starting the query to the commit of the last snapshot that added rows to
   *     its table (Iceberg's streaming sink also commits empty snapshots for batches without rows:
   *     they do not count)
   * @param rows rows in the table afterwards
   * @param distinctEvents distinct event ids in the table
   * @param commits snapshots of the table that added rows
   * @param medianBatchSeconds median duration of the micro-batches that read events
   * @param busySeconds the durations of the micro-batches that read events, summed: the run's time
   *     without the waits for the next trigger
   * @param medianPlanningSeconds median time Spark spent planning each of them
   * @param sparkWork the Spark jobs and stages of the run
   */
  public record Run(
      double seconds,
      long rows,
      long distinctEvents,
      long commits,
      double medianBatchSeconds,
      double busySeconds,
      double medianPlanningSeconds,
      String sparkWork) {}

  /**
   * End-to-end latency of one way at a given rate.
   *
   * @param events events produced during the latency window
   * @param rows rows of those events in the table
   * @param distinctEvents distinct ids of those events in the table
   * @param commits snapshots that made them visible
   * @param p50Millis median of produced to visible, milliseconds
   * @param p95Millis 95th percentile
   * @param maxMillis the slowest event
   */
  public record Latency(
      long events,
      long rows,
      long distinctEvents,
      long commits,
      double p50Millis,
      double p95Millis,
      double maxMillis) {}

  /**
   * The figures of one benchmark run.
   *
   * @param events distinct events of each throughput run
   * @param records records produced for them (re-sent copies included)
   * @param gridataRuns the Gridata way's throughput runs, in order
   * @param handWrittenRuns the hand-written way's throughput runs, in order
   * @param latencyRate events/s the producer sent at during the latency runs
   * @param gridataLatency the Gridata way's latency
   * @param handWrittenLatency the hand-written way's latency
   * @param trigger the trigger interval of both ways
   */
  public record Figures(
      long events,
      long records,
      List<Run> gridataRuns,
      List<Run> handWrittenRuns,
      double latencyRate,
      Latency gridataLatency,
      Latency handWrittenLatency,
      Duration trigger) {
    /** Median seconds of the Gridata way's runs. */
    public double gridataSeconds() {
      return median(gridataRuns.stream().map(Run::seconds).toList());
    }

    /** Median seconds of the hand-written way's runs. */
    public double handWrittenSeconds() {
      return median(handWrittenRuns.stream().map(Run::seconds).toList());
    }

    /** Distinct events per second of the Gridata way (median run). */
    public double gridataEventsPerSecond() {
      return events / gridataSeconds();
    }

    /** Distinct events per second of the hand-written way (median run). */
    public double handWrittenEventsPerSecond() {
      return events / handWrittenSeconds();
    }

    /** Gridata's events/s over the hand-written query's (target &ge; 0.87). */
    public double ratio() {
      return gridataEventsPerSecond() / handWrittenEventsPerSecond();
    }

    /**
     * The same ratio by busy time (the median runs' summed batch durations): what each way can
     * sustain when neither waits for its trigger, also when {@code maxOffsetsPerTrigger / trigger}
     * caps a way's wall-clock rate.
     */
    public double busyRatio() {
      return median(handWrittenRuns.stream().map(Run::busySeconds).toList())
          / median(gridataRuns.stream().map(Run::busySeconds).toList());
    }
  }

  /**
   * A benchmark on the broker at {@code bootstrapServers}, writing into catalog {@code gridata} of
   * {@code spark}, with checkpoints under {@code workDir}.
   */
  public StreamBenchmark(
      SparkSession spark, String bootstrapServers, Path workDir, PrintWriter out) {
    this.spark = requireNonNull(spark, "spark is null");
    this.bootstrapServers = requireNonNull(bootstrapServers, "bootstrapServers is null");
    this.workDir = requireNonNull(workDir, "workDir is null");
    this.out = requireNonNull(out, "out is null");
  }

  /** Produces, measures both ways, prints the figures side by side and returns them. */
  public Figures run(Settings settings) {
    requireNonNull(settings, "settings is null");
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + NAMESPACE);
    try (ClickstreamProducer producer = new ClickstreamProducer(bootstrapServers, TOPIC)) {
      producer.ensureTopic(settings.partitions());
      if (settings.warmupEvents() > 0) {
        String from = producer.endOffsets();
        producer.sendBulk("warmup-", settings.warmupEvents(), RESEND_EVERY);
        for (Way way : Way.values()) {
          consume(way, "warmup", from, settings, settings.warmupEvents());
        }
      }
      String from = producer.endOffsets();
      long records = producer.sendBulk("ev-", settings.events(), RESEND_EVERY);
      List<Run> gridata = new ArrayList<>();
      List<Run> hand = new ArrayList<>();
      for (int round = 0; round < settings.rounds(); round++) {
        List<Way> order =
            round % 2 == 0
                ? List.of(Way.GRIDATA, Way.HAND_WRITTEN)
                : List.of(Way.HAND_WRITTEN, Way.GRIDATA);
        for (Way way : order) {
          Run run = consume(way, "round" + round, from, settings, settings.events());
          (way == Way.GRIDATA ? gridata : hand).add(run);
        }
      }
      double gridataRate = settings.events() / median(gridata.stream().map(Run::seconds).toList());
      double latencyRate = gridataRate / 2;
      Latency gridataLatency = latency(Way.GRIDATA, producer, latencyRate, settings);
      Latency handLatency = latency(Way.HAND_WRITTEN, producer, latencyRate, settings);
      Figures figures =
          new Figures(
              settings.events(),
              records,
              List.copyOf(gridata),
              List.copyOf(hand),
              latencyRate,
              gridataLatency,
              handLatency,
              settings.trigger());
      print(figures, settings);
      return figures;
    }
  }

  /**
   * One way consumes the topic from {@code from} until nothing is left, from a new checkpoint into
   * a new table; checks that the table holds each of the {@code expected} events once.
   */
  private Run consume(Way way, String name, String from, Settings settings, long expected) {
    String table = freshTable(name, way);
    long start = System.currentTimeMillis();
    StreamingQueryProgress[] progress;
    String sparkWork;
    try (SparkWork work = SparkWork.start(spark)) {
      Started started = start(way, table, checkpoint(name, way), from, settings);
      StreamingQuery query = started.query();
      try {
        processAll(query, way, name);
        progress = query.recentProgress();
      } finally {
        started.stop().run();
      }
      sparkWork = work.summary();
    }
    // the query's session committed through its own catalog: drop this session's cached metadata
    spark.sql("REFRESH TABLE " + table);
    Row counts =
        spark.sql("SELECT count(*), count(DISTINCT event_id) FROM " + table).collectAsList().get(0);
    Row commits =
        spark
            .sql(
                "SELECT count(*), max(unix_millis(committed_at)) FROM "
                    + table
                    + ".snapshots WHERE CAST(summary['added-records'] AS bigint) > 0")
            .collectAsList()
            .get(0);
    long rows = counts.getLong(0);
    long distinct = counts.getLong(1);
    if (rows != expected || distinct != expected) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "Stream benchmark %s: the %s query wrote %d rows, %d distinct events; expected %d"
                  + " each",
              name,
              way.suffix,
              rows,
              distinct,
              expected));
    }
    List<StreamingQueryProgress> batches =
        Arrays.stream(progress).filter(p -> p.numInputRows() > 0).toList();
    return new Run(
        (commits.getLong(1) - start) / 1e3,
        rows,
        distinct,
        commits.getLong(0),
        median(batches.stream().map(p -> p.durationMs().get("triggerExecution") / 1e3).toList()),
        batches.stream().mapToDouble(p -> p.durationMs().get("triggerExecution") / 1e3).sum(),
        median(batches.stream().map(p -> p.durationMs().get("queryPlanning") / 1e3).toList()),
        sparkWork);
  }

  /**
   * One way reads the topic from its end on a new table; after a warm-up batch a producer sends
   * events at {@code rate} for the latency window; then the latency of each of them, from its
   * {@code event_ts} (handed to the producer) to the commit of the snapshot that added its file.
   */
  private Latency latency(Way way, ClickstreamProducer producer, double rate, Settings settings) {
    String name = "latency";
    String table = freshTable(name, way);
    String from = producer.endOffsets();
    Started started = start(way, table, checkpoint(name, way), from, settings);
    StreamingQuery query = started.query();
    String prefix = "lat-" + way.suffix + "-";
    long sent;
    try {
      producer.sendBulk("warm-" + way.suffix + "-", LATENCY_WARMUP_EVENTS, 0);
      processAll(query, way, name); // the query's first batch (planning, state) is behind it
      sent = producer.sendPaced(prefix, rate, settings.latencyWindow());
      processAll(query, way, name);
    } finally {
      started.stop().run();
    }
    spark.sql("REFRESH TABLE " + table);
    Row r =
        spark
            .sql(
                "SELECT count(*), count(DISTINCT event_id), count(DISTINCT snapshot_id),"
                    + " percentile(latency, 0.5), percentile(latency, 0.95), max(latency) FROM ("
                    + "SELECT d.event_id, e.snapshot_id,"
                    + " unix_millis(s.committed_at) - unix_millis(d.event_ts) AS latency"
                    + " FROM (SELECT event_id, event_ts, _file FROM "
                    + table
                    + " WHERE event_id LIKE '"
                    + prefix
                    + "%') d"
                    + " JOIN (SELECT snapshot_id, data_file.file_path AS file_path FROM "
                    + table
                    + ".entries WHERE status < 2) e ON d._file = e.file_path"
                    + " JOIN "
                    + table
                    + ".snapshots s ON s.snapshot_id = e.snapshot_id)")
            .collectAsList()
            .get(0);
    Latency latency =
        new Latency(
            sent,
            r.getLong(0),
            r.getLong(1),
            r.getLong(2),
            r.isNullAt(3) ? Double.NaN : r.getDouble(3),
            r.isNullAt(4) ? Double.NaN : r.getDouble(4),
            r.isNullAt(5) ? Double.NaN : ((Number) r.get(5)).doubleValue());
    if (latency.rows() != sent || latency.distinctEvents() != sent) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "Stream benchmark latency: the %s query wrote %d rows, %d distinct events of the %d"
                  + " sent",
              way.suffix,
              latency.rows(),
              latency.distinctEvents(),
              sent));
    }
    return latency;
  }

  /** A started query and how to stop it. */
  private record Started(StreamingQuery query, Runnable stop) {}

  private Started start(Way way, String table, String checkpoint, String from, Settings settings) {
    if (way == Way.GRIDATA) {
      StreamingIngest.Running running =
          StreamingIngest.builder(spark, StreamDataset.clickstream())
              .table(table)
              .bootstrapServers(bootstrapServers)
              .checkpointLocation(checkpoint)
              .trigger(settings.trigger())
              .watermark(WATERMARK)
              .kafkaOption("startingOffsets", from)
              .kafkaOption("maxOffsetsPerTrigger", Long.toString(settings.maxOffsetsPerTrigger()))
              .build()
              .start();
      return new Started(running.query(), running::close);
    }
    try {
      StreamingQuery query =
          new HandWrittenClickstreamStream(spark)
              .start(
                  bootstrapServers,
                  TOPIC,
                  from,
                  settings.maxOffsetsPerTrigger(),
                  settings.trigger(),
                  WATERMARK,
                  checkpoint,
                  table);
      return new Started(query, () -> stop(query));
    } catch (TimeoutException e) {
      throw new IllegalStateException("Cannot start the hand-written query: " + e, e);
    }
  }

  /** Waits until {@code query} has committed everything the topic holds now. */
  private static void processAll(StreamingQuery query, Way way, String name) {
    try {
      query.processAllAvailable();
    } catch (Exception e) { // Spark throws StreamingQueryException without declaring it
      throw new IllegalStateException(
          "Stream benchmark: the " + way.suffix + " query of " + name + " failed: " + e, e);
    }
  }

  private static void stop(StreamingQuery query) {
    try {
      query.stop();
    } catch (TimeoutException e) {
      throw new IllegalStateException("Cannot stop streaming query " + query.name() + ": " + e, e);
    }
  }

  /** Drops the run's table (and quarantine) left by an earlier run, and creates it empty. */
  private String freshTable(String name, Way way) {
    String table = NAMESPACE + "." + name + "_" + way.suffix;
    spark.sql("DROP TABLE IF EXISTS " + table + " PURGE");
    spark.sql("DROP TABLE IF EXISTS " + IngestTables.quarantineTable(table) + " PURGE");
    // both ways write a table of the same schema and layout, created before the clock starts
    IngestTables.createIfMissing(spark, new ClickstreamSpec(), table);
    return table;
  }

  /** A new, empty checkpoint directory for the run. */
  private String checkpoint(String name, Way way) {
    Path dir = workDir.resolve("checkpoints").resolve(name + "_" + way.suffix);
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(file);
          }
        }
      }
      Files.createDirectories(dir.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clear checkpoint " + dir + ": " + e.getMessage(), e);
    }
    return dir.toString();
  }

  private void print(Figures f, Settings s) {
    double trigger = s.trigger().toMillis() / 1e3;
    out.printf(
        Locale.ROOT,
        "stream benchmark, %s -> Iceberg on one broker: %,d events (+%,d re-sent), %d partitions,"
            + " trigger %s s, maxOffsetsPerTrigger %,d, watermark %d min; median of %d run(s)"
            + " each, which goes first alternating:%n",
        TOPIC,
        f.events(),
        f.records() - f.events(),
        s.partitions(),
        fmt(trigger),
        s.maxOffsetsPerTrigger(),
        WATERMARK.toMinutes(),
        s.rounds());
    line("gridata StreamingIngest", f.gridataSeconds(), f.events(), f.gridataRuns());
    line(
        "hand-written Structured Streaming",
        f.handWrittenSeconds(),
        f.events(),
        f.handWrittenRuns());
    out.printf(
        Locale.ROOT,
        "  ratio (gridata / hand-written events/s): %.2fx (target >= 0.87x); by busy time (summed"
            + " batch durations, no waits for the trigger): %.2fx%n",
        f.ratio(),
        f.busyRatio());
    for (List<Run> runs : List.of(f.gridataRuns(), f.handWrittenRuns())) {
      double batch = median(runs.stream().map(Run::medianBatchSeconds).toList());
      if (batch < trigger) {
        out.printf(
            Locale.ROOT,
            "  note: %s micro-batches took %.1f s (median), under the %s s trigger: that way's rate"
                + " is capped by maxOffsetsPerTrigger / trigger, not by the job; raise"
                + " --max-offsets-per-trigger%n",
            runs == f.gridataRuns() ? "gridata's" : "the hand-written",
            batch,
            fmt(trigger));
      }
    }
    out.printf(
        Locale.ROOT,
        "latency at %,.0f events/s (half of gridata's sustained rate) for %d s each, produced ->"
            + " visible in a committed Iceberg snapshot:%n",
        f.latencyRate(),
        s.latencyWindow().toSeconds());
    latencyLine("gridata StreamingIngest", f.gridataLatency());
    latencyLine("hand-written Structured Streaming", f.handWrittenLatency());
    out.printf(
        Locale.ROOT,
        "  target: p95 <= 2 trigger intervals (%s s): gridata %s, hand-written %s%n",
        fmt(2 * trigger),
        f.gridataLatency().p95Millis() <= 2000 * trigger ? "met" : "MISSED",
        f.handWrittenLatency().p95Millis() <= 2000 * trigger ? "met" : "MISSED");
    out.flush();
  }

  private void line(String who, double seconds, long events, List<Run> runs) {
    Run first = runs.get(0);
    out.printf(
        Locale.ROOT,
        "  %-34s %8.1f s  %,10.0f events/s  (busy %.1f s: %,.0f events/s; a run: %d commits, %s,"
            + " median batch %.1f s of which planning %.1f s; runs: %s)%n",
        who,
        seconds,
        events / seconds,
        median(runs.stream().map(Run::busySeconds).toList()),
        events / median(runs.stream().map(Run::busySeconds).toList()),
        first.commits(),
        first.sparkWork(),
        first.medianBatchSeconds(),
        first.medianPlanningSeconds(),
        String.join(
            ", ",
            runs.stream().map(r -> String.format(Locale.ROOT, "%.1f s", r.seconds())).toList()));
  }

  private void latencyLine(String who, Latency l) {
    out.printf(
        Locale.ROOT,
        "  %-34s p50 %6.2f s  p95 %6.2f s  max %6.2f s  (%,d events in %d commits)%n",
        who,
        l.p50Millis() / 1e3,
        l.p95Millis() / 1e3,
        l.maxMillis() / 1e3,
        l.events(),
        l.commits());
  }

  private static String fmt(double seconds) {
    return seconds == Math.rint(seconds)
        ? Long.toString((long) seconds)
        : String.format(Locale.ROOT, "%.1f", seconds);
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
