package io.gridata.pipeline;

import static java.util.Objects.requireNonNull;

import io.gridata.lineage.LineagePublisher;
import io.gridata.lineage.LineageSink;
import io.gridata.lineage.PublishResult;
import io.gridata.lineage.Run;
import io.gridata.lineage.RunStatus;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.ingest.IngestTables;
import io.gridata.spark.write.IcebergTables;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * A streaming job's lineage, reported periodically rather than once per micro-batch: the Kafka
 * topic, the job {@code stream_<topic>} in the dataset's flow, the table and its quarantine table
 * ({@link IngestLineage#ofStream}), and one run per reporting window holding that window's
 * micro-batches (run id {@code stream-<query id>-<first batch>-<last batch>}, properties {@code
 * queryId} and {@code batches}; a failed window without micro-batches, as when a query fails before
 * its first one, is run {@code stream-<query id>-at-<window start, epoch ms>} with batches {@code
 * none}). A window closes at the first micro-batch after {@code every} has passed, and when the
 * query stops (the run is a FAILURE if the query failed). Windows without input rows are not
 * reported; {@link #flush} reports the current one at once. A lineage failure is printed, never
 * fatal: the data is committed either way.
 *
 * <pre>{@code
 * StreamingIngest.Running running = job.start();
 * spark.streams().addListener(
 *     StreamLineageReporter.builder(spark, running.query().id(), dataset.spec(), dataset.topic(),
 *             job.table(), () -> LineageSink.file(path))
 *         .every(Duration.ofMinutes(15))
 *         .identity(LineageIdentity.production("shop-data"))
 *         .build());
 * }</pre>
 */
public final class StreamLineageReporter extends StreamingQueryListener {
  private final SparkSession spark;
  private final UUID queryId;
  private final IngestSpec spec;
  private final String topic;
  private final String table;
  private final Supplier<LineageSink> sink;
  private final Duration every;
  private final LineageIdentity identity;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Clock clock;
  private Instant windowStart;
  private long firstBatch = -1;
  private long lastBatch = -1;
  private boolean hadInput;

  private StreamLineageReporter(Builder b) {
    this.spark = b.spark;
    this.queryId = b.queryId;
    this.spec = b.spec;
    this.topic = b.topic;
    this.table = b.table;
    this.sink = b.sink;
    this.every = b.every;
    this.identity = b.identity;
    this.out = b.out;
    this.err = b.err;
    this.clock = b.clock;
    this.windowStart = clock.instant();
  }

  /**
   * A reporter of query {@code queryId}, which streams {@code topic} into {@code table} with {@code
   * spec}, to a sink from {@code sink}; every 15 minutes, {@link IngestLineage#DEFAULT_IDENTITY},
   * printing to the standard streams unless told otherwise.
   */
  public static Builder builder(
      SparkSession spark,
      UUID queryId,
      IngestSpec spec,
      String topic,
      String table,
      Supplier<LineageSink> sink) {
    return new Builder(spark, queryId, spec, topic, table, sink);
  }

  /** A {@link StreamLineageReporter}'s settings; every one but the six given has a default. */
  public static final class Builder {
    private final SparkSession spark;
    private final UUID queryId;
    private final IngestSpec spec;
    private final String topic;
    private final String table;
    private final Supplier<LineageSink> sink;
    private Duration every = Duration.ofMinutes(15);
    private LineageIdentity identity = IngestLineage.DEFAULT_IDENTITY;
    private PrintWriter out = new PrintWriter(System.out, true);
    private PrintWriter err = new PrintWriter(System.err, true);
    private Clock clock = Clock.systemUTC();

    private Builder(
        SparkSession spark,
        UUID queryId,
        IngestSpec spec,
        String topic,
        String table,
        Supplier<LineageSink> sink) {
      this.spark = requireNonNull(spark, "spark is null");
      this.queryId = requireNonNull(queryId, "queryId is null");
      this.spec = requireNonNull(spec, "spec is null");
      this.topic = requireNonNull(topic, "topic is null");
      this.table = requireNonNull(table, "table is null");
      this.sink = requireNonNull(sink, "sink is null");
    }

    /**
     * How long a reporting window lasts at least; zero reports every micro-batch with input.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Builder every(Duration value) {
      requireNonNull(value, "every is null");
      if (value.isNegative()) {
        throw new IllegalArgumentException("Invalid lineage interval " + value + ": must be >= 0");
      }
      this.every = value;
      return this;
    }

    /** Environment, cluster and owner of the lineage, as the batch pipeline's. */
    public Builder identity(LineageIdentity value) {
      this.identity = requireNonNull(value, "identity is null");
      return this;
    }

    /** Where the reporter prints what it published ({@code out}) and what it could not. */
    public Builder console(PrintWriter out, PrintWriter err) {
      this.out = requireNonNull(out, "out is null");
      this.err = requireNonNull(err, "err is null");
      return this;
    }

    Builder clock(Clock value) {
      this.clock = requireNonNull(value, "clock is null");
      return this;
    }

    /** The reporter; add it to the session with {@code spark.streams().addListener(...)}. */
    public StreamLineageReporter build() {
      return new StreamLineageReporter(this);
    }
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public synchronized void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress progress = event.progress();
    if (!queryId.equals(progress.id())) {
      return;
    }
    if (firstBatch < 0) {
      firstBatch = progress.batchId();
    }
    lastBatch = progress.batchId();
    hadInput |= progress.numInputRows() > 0;
    if (!Duration.between(windowStart, clock.instant()).minus(every).isNegative()) {
      closeWindow(RunStatus.SUCCESS);
    }
  }

  @Override
  public synchronized void onQueryTerminated(QueryTerminatedEvent event) {
    if (queryId.equals(event.id())) {
      closeWindow(event.exception().isDefined() ? RunStatus.FAILURE : RunStatus.SUCCESS);
    }
  }

  /**
   * Reports the window so far now, as a failed run if {@code failed} (an application stopping its
   * query calls it after the stop: Spark delivers {@code onQueryTerminated} asynchronously,
   * possibly after the JVM is gone).
   */
  public synchronized void flush(boolean failed) {
    closeWindow(failed ? RunStatus.FAILURE : RunStatus.SUCCESS);
  }

  /** Publishes the window's run if it read anything (or failed), then starts the next window. */
  private void closeWindow(RunStatus status) {
    Instant end = clock.instant();
    try {
      if (hadInput || status == RunStatus.FAILURE) {
        publish(status, end);
      }
    } finally {
      windowStart = end;
      firstBatch = -1;
      lastBatch = -1;
      hadInput = false;
    }
  }

  private void publish(RunStatus status, Instant end) {
    // a window without micro-batches (a query failing before its first one): named by its start
    String batches = firstBatch < 0 ? "none" : firstBatch + ".." + lastBatch;
    String window =
        firstBatch < 0 ? "at-" + windowStart.toEpochMilli() : firstBatch + "-" + lastBatch;
    String runId = "stream-" + queryId + "-" + window;
    Run run =
        Run.finished(runId, windowStart, end, status)
            .withProperties(Map.of("queryId", queryId.toString(), "batches", batches));
    try (LineagePublisher publisher = LineagePublisher.builder(sink.get()).build()) {
      PublishResult published =
          publisher.publish(
              new IngestLineage(identity)
                  .ofStream(
                      spec,
                      topic,
                      table,
                      IcebergTables.load(spark, table).schema(),
                      IcebergTables.load(spark, IngestTables.quarantineTable(table)).schema(),
                      run));
      if (published.success()) {
        out.printf(
            "lineage: %s batches %s, %d proposals to %s%n",
            topic, batches, published.sent(), published.sink());
      } else {
        err.printf(
            "lineage of %s not published to %s: %s%n",
            topic, published.sink(), published.error().orElse("unknown error"));
      }
    } catch (RuntimeException e) {
      err.printf("lineage of %s not published: %s%n", topic, e.getMessage());
    } finally {
      out.flush();
      err.flush();
    }
  }
}
