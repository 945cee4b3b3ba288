package io.gridata.streaming;

import static io.gridata.spark.transform.IngestColumns.CORRUPT_RECORD;
import static io.gridata.spark.transform.IngestColumns.ERRORS;
import static io.gridata.spark.transform.IngestColumns.SOURCE_CHECKSUM;
import static io.gridata.spark.transform.IngestColumns.SOURCE_FILE;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.json_tuple;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import io.gridata.spark.ingest.IngestTables;
import io.gridata.spark.transform.RowChecks;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A Kafka topic into an Iceberg table with Spark Structured Streaming, over the same dataset
 * definition as the batch ingest ({@link StreamDataset}: the {@code IngestSpec}'s contract,
 * transforms and quarantine reasons).
 *
 * <pre>{@code
 * StreamingIngest.Running running =
 *     StreamingIngest.builder(spark, StreamDataset.clickstream())
 *         .bootstrapServers("broker:9092")
 *         .checkpointLocation("s3a://lake/checkpoints/clickstream")
 *         .build()
 *         .start();
 * running.query().awaitTermination();
 * }</pre>
 *
 * <p>Per record: the value is parsed as JSON into the contract's columns (as strings, with {@code
 * json_tuple}; a record that is not a JSON object keeps its text in {@code _corrupt_record}), then
 * {@code spec.prepare()} types, trims and flags it exactly as a batch file's row. Events are
 * de-duplicated by the dataset's key within the watermark ({@code dropDuplicatesWithinWatermark});
 * events with errors are never de-duplicated (each record is its own key) and go to {@code
 * <table>_quarantine} with their reasons. Each micro-batch is written by {@link MicroBatchWriter}:
 * idempotent per (query id, batch id), compacting as the {@link CompactionPolicy} says.
 *
 * <p>Defaults: processing-time trigger every 10 s, watermark 10 minutes, {@link
 * CompactionPolicy#DEFAULT}, reading the topic from the earliest offset on the first start. The
 * checkpoint location has no default: without one a restart could not resume, and {@link
 * Builder#build()} refuses.
 */
public final class StreamingIngest {
  /** Default trigger interval. */
  public static final Duration DEFAULT_TRIGGER = Duration.ofSeconds(10);

  /** Default watermark delay. */
  public static final Duration DEFAULT_WATERMARK = Duration.ofMinutes(10);

  /**
   * The column added to a de-duplication key without a string column to keep each record with
   * errors apart from the others.
   */
  static final String RECORD_KEY = "_quarantine_record";

  private static final String CONSTRAINT_PROPAGATION = "spark.sql.constraintPropagation.enabled";

  private final SparkSession spark;
  private final StreamDataset dataset;
  private final String table;
  private final String checkpointLocation;
  private final Duration trigger;
  private final Duration watermark;
  private final CompactionPolicy compaction;
  private final Map<String, String> kafkaOptions;
  private final Dataset<Row> source;
  private final Clock clock;
  private final LongConsumer afterCommit;
  private final Optional<MeterRegistry> metrics;
  private final Optional<RowChecks> checks;

  private StreamingIngest(Builder b) {
    this.spark = b.spark;
    this.dataset = b.dataset;
    this.table = b.table;
    this.checkpointLocation = b.checkpointLocation;
    this.trigger = b.trigger;
    this.watermark = b.watermark;
    this.compaction = b.compaction;
    this.kafkaOptions = Map.copyOf(b.kafkaOptions);
    this.source = b.source;
    this.clock = b.clock;
    this.afterCommit = b.afterCommit;
    this.metrics = Optional.ofNullable(b.metrics);
    this.checks = Optional.ofNullable(b.checks);
  }

  /** A job streaming {@code dataset}'s topic with {@code spark}; defaults as on the class. */
  public static Builder builder(SparkSession spark, StreamDataset dataset) {
    return new Builder(spark, dataset);
  }

  /** The target table. */
  public String table() {
    return table;
  }

  /**
   * Creates the namespace, table and quarantine table if missing, and starts the query.
   *
   * @return the running query and its counters
   * @throws IllegalStateException if Spark refuses to start the query (its message says why)
   */
  public Running start() {
    IngestTables.createIfMissing(spark, dataset.spec(), table);
    dataset.totals().ifPresent(t -> t.createTable().accept(spark, t.tableBeside(table)));
    StreamCounters counters = new StreamCounters();
    MicroBatchWriter writer =
        new MicroBatchWriter(dataset, table, compaction, clock, counters, afterCommit, checks);
    LateEventListener late = new LateEventListener(queryName(), counters);
    spark.streams().addListener(late);
    Optional<StreamMetrics> progress =
        metrics.map(
            registry -> new StreamMetrics(queryName(), dataset.topic(), counters, registry));
    progress.ifPresent(spark.streams()::addListener);
    Runnable removeListeners =
        () -> {
          spark.streams().removeListener(late);
          progress.ifPresent(spark.streams()::removeListener);
        };
    // Spark clones the session for the query when it starts: the clone plans every micro-batch
    // without constraint propagation, which on the wide plans of the dataset transforms (the
    // orders' aliased columns and reasons) spent most of each batch inferring constraints
    String previous = spark.conf().get(CONSTRAINT_PROPAGATION, null);
    spark.conf().set(CONSTRAINT_PROPAGATION, "false");
    try {
      StreamingQuery query =
          prepared(source != null ? source : kafka())
              .writeStream()
              .queryName(queryName())
              .option("checkpointLocation", checkpointLocation)
              .trigger(Trigger.ProcessingTime(trigger.toMillis()))
              .foreachBatch((VoidFunction2<Dataset<Row>, Long>) writer::write)
              .start();
      return new Running(query, counters, removeListeners);
    } catch (TimeoutException e) {
      removeListeners.run();
      throw new IllegalStateException("Cannot start streaming into " + table + ": " + e, e);
    } finally {
      if (previous == null) {
        spark.conf().unset(CONSTRAINT_PROPAGATION);
      } else {
        spark.conf().set(CONSTRAINT_PROPAGATION, previous);
      }
    }
  }

  /**
   * The streaming plan before the sink: {@link #parsed} rows, watermarked on the dataset's event
   * time and de-duplicated by its key within the watermark, in one pass over the source. A record
   * with errors is kept out of both: its typed event time is set to null (its text stays in its raw
   * column, which the quarantine keeps), so it neither moves the watermark nor is dropped as late,
   * and its key is made its own, so it is never taken for a copy of another record: the first
   * string column of the key gets {@code "\0" + _source_file} (topic, partition, offset), which
   * keeps the key's columns and types, hence the state a checkpoint holds. A key without a string
   * column gets one more column, {@value #RECORD_KEY}, null for valid records.
   */
  Dataset<Row> prepared(Dataset<Row> records) {
    Column valid = size(col(ERRORS)).equalTo(0);
    Dataset<Row> rows =
        parsed(records).withColumn(dataset.eventTime(), when(valid, col(dataset.eventTime())));
    Column ownKey = concat(lit("\u0000"), col(SOURCE_FILE));
    List<String> key = new ArrayList<>(dataset.duplicateKey());
    Optional<String> text = textKey();
    if (text.isPresent()) {
      rows = rows.withColumn(text.get(), when(valid, col(text.get())).otherwise(ownKey));
    } else {
      rows = rows.withColumn(RECORD_KEY, when(not(valid), ownKey));
      key.add(RECORD_KEY);
    }
    Dataset<Row> unique =
        rows.withWatermark(dataset.eventTime(), watermark.toMillis() + " milliseconds")
            .dropDuplicatesWithinWatermark(key.toArray(String[]::new));
    return text.isPresent() ? unique : unique.drop(RECORD_KEY);
  }

  /** The first column of the de-duplication key that the table declares as a string. */
  private Optional<String> textKey() {
    StructType schema = dataset.spec().tableSchema();
    return dataset.duplicateKey().stream()
        .filter(k -> !k.equals(dataset.eventTime()))
        .filter(k -> schema.getFieldIndex(k).isDefined())
        .filter(k -> schema.apply(k).dataType().equals(DataTypes.StringType))
        .findFirst();
  }

  /**
   * JSON parsed into the contract's columns, then {@code spec.prepare()} and the source columns
   * ({@code _source_file} = {@code kafka:/<topic>/<partition>/<offset>}, {@code _source_checksum} =
   * SHA-256 of the value). {@code records} has Kafka's columns {@code value}, {@code topic}, {@code
   * partition} and {@code offset}.
   */
  Dataset<Row> parsed(Dataset<Row> records) {
    List<String> fields = dataset.spec().rawColumns();
    Column value = col("value").cast("string");
    // json_tuple is a generator: each record is parsed once, whatever the optimizer does with the
    // spec's transforms above it (from_json's fields can be inlined into each expression that
    // reads them). A value that is not a JSON object keeps its text in _corrupt_record.
    Dataset<Row> events =
        records.select(
            col("*"),
            json_tuple(value, fields.toArray(String[]::new)).as(fields.toArray(String[]::new)));
    List<Column> columns = new ArrayList<>();
    fields.forEach(f -> columns.add(col(f)));
    // json_tuple gives all nulls for a value it cannot parse as an object: only then is the value
    // parsed again (And/Or evaluate their right side only when needed) to tell a malformed record
    // from an object without the contract's fields
    Column noField =
        fields.stream().map(f -> col(f).isNull()).reduce(Column::and).orElse(lit(true));
    columns.add(
        when(value.isNull().or(noField.and(get_json_object(value, "$").isNull())), value)
            .as(CORRUPT_RECORD));
    columns.add(
        concat_ws("/", lit("kafka:"), col("topic"), col("partition"), col("offset"))
            .as(SOURCE_FILE));
    columns.add(sha2(col("value").cast("binary"), 256).as(SOURCE_CHECKSUM));
    return dataset.spec().prepare().apply(events.select(columns.toArray(Column[]::new)));
  }

  private Dataset<Row> kafka() {
    var reader =
        spark
            .readStream()
            .format("kafka")
            .option("subscribe", dataset.topic())
            .option("startingOffsets", "earliest");
    for (Map.Entry<String, String> option : kafkaOptions.entrySet()) {
      reader = reader.option(option.getKey(), option.getValue());
    }
    return reader.load();
  }

  private String queryName() {
    return "gridata-" + dataset.topic();
  }

  /** A started streaming job. */
  public static final class Running implements AutoCloseable {
    private final StreamingQuery query;
    private final StreamCounters counters;
    private final Runnable cleanup;

    Running(StreamingQuery query, StreamCounters counters, Runnable cleanup) {
      this.query = query;
      this.counters = counters;
      this.cleanup = cleanup;
    }

    /** Spark's query: {@code awaitTermination()}, {@code processAllAvailable()}, progress. */
    public StreamingQuery query() {
      return query;
    }

    /** Totals since this start. */
    public StreamCounters counters() {
      return counters;
    }

    /**
     * Stops the query between micro-batches: waits for the batch in flight (if any) to finish its
     * Iceberg commits and its checkpoint entry, then stops. What a SIGTERM should do (the {@code
     * gridata stream} command's shutdown hook calls it). If the batch is still running after {@code
     * maxWait}, stops anyway: that batch is replayed on the next start and, being committed already
     * or not, lands exactly once.
     *
     * @return true when the query stopped between batches, false when {@code maxWait} ran out
     */
    public boolean stopAfterBatch(Duration maxWait) {
      long deadline = System.nanoTime() + maxWait.toNanos();
      boolean between = false;
      while (query.isActive()) {
        if (!query.status().isTriggerActive()) {
          between = true;
          break;
        }
        if (System.nanoTime() >= deadline) {
          break;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      close();
      return between || !query.isActive();
    }

    /**
     * Stops the query now: a batch in flight is interrupted and replayed on the next start (exactly
     * once either way; {@link #stopAfterBatch} avoids the replay).
     */
    @Override
    public void close() {
      try {
        query.stop();
      } catch (TimeoutException e) {
        throw new IllegalStateException(
            "Cannot stop streaming query " + query.name() + ": " + e, e);
      } finally {
        cleanup.run();
      }
    }
  }

  /** Options of a {@link StreamingIngest}. */
  public static final class Builder {
    private final SparkSession spark;
    private final StreamDataset dataset;
    private String table;
    private String checkpointLocation;
    private Duration trigger = DEFAULT_TRIGGER;
    private Duration watermark = DEFAULT_WATERMARK;
    private CompactionPolicy compaction = CompactionPolicy.DEFAULT;
    private final Map<String, String> kafkaOptions = new LinkedHashMap<>();
    private Dataset<Row> source;
    private Clock clock = Clock.systemUTC();
    private LongConsumer afterCommit = batchId -> {};
    private MeterRegistry metrics;
    private RowChecks checks;

    private Builder(SparkSession spark, StreamDataset dataset) {
      this.spark = requireNonNull(spark, "spark is null");
      this.dataset = requireNonNull(dataset, "dataset is null");
      this.table = dataset.spec().defaultTable();
    }

    /**
     * Target table as {@code catalog.namespace.name}; default {@code gridata.<domain>.<dataset>}.
     */
    public Builder table(String value) {
      this.table = requireNonNull(value, "table is null");
      return this;
    }

    /** Kafka's {@code bootstrap.servers}. */
    public Builder bootstrapServers(String value) {
      return kafkaOption(
          "kafka.bootstrap.servers", requireNonNull(value, "bootstrapServers is null"));
    }

    /**
     * An option of Spark's Kafka source, e.g. {@code maxOffsetsPerTrigger}, {@code
     * startingOffsets}, or a {@code kafka.}-prefixed consumer setting.
     */
    public Builder kafkaOption(String key, String value) {
      kafkaOptions.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
      return this;
    }

    /**
     * Where Spark keeps the query's offsets, state and commit log (a directory on a reliable file
     * system, one per job). Required.
     */
    public Builder checkpointLocation(String value) {
      this.checkpointLocation = requireNonNull(value, "checkpointLocation is null");
      return this;
    }

    /** Processing-time trigger interval; default 10 s. */
    public Builder trigger(Duration value) {
      this.trigger = positive(value, "trigger");
      return this;
    }

    /**
     * How long to wait for late events: duplicates are recognised within it; events older than it
     * when they arrive are counted ({@link StreamCounters#lateEvents()}) and dropped. Default 10
     * minutes.
     */
    public Builder watermark(Duration value) {
      this.watermark = positive(value, "watermark");
      return this;
    }

    /** When to compact; default {@link CompactionPolicy#DEFAULT}. */
    public Builder compaction(CompactionPolicy value) {
      this.compaction = requireNonNull(value, "compaction is null");
      return this;
    }

    /**
     * Reads {@code records} instead of Kafka: a streaming Dataset with Kafka's columns {@code
     * value} (string or binary), {@code topic}, {@code partition}, {@code offset} and {@code
     * timestamp} (tests feed a {@code MemoryStream} this way).
     */
    public Builder source(Dataset<Row> records) {
      this.source = requireNonNull(records, "records is null");
      return this;
    }

    /** Source of {@code _ingested_at}; default UTC system clock. */
    public Builder clock(Clock value) {
      this.clock = requireNonNull(value, "clock is null");
      return this;
    }

    /**
     * Called with the batch id after each micro-batch's Iceberg commits and before Spark records
     * the batch in the checkpoint (metrics; the exactly-once tests halt the JVM here).
     */
    public Builder afterCommit(LongConsumer value) {
      this.afterCommit = requireNonNull(value, "afterCommit is null");
      return this;
    }

    /**
     * Records each micro-batch's progress on {@code registry} (rates, batch duration, latency,
     * consumer lag per partition: {@code StreamMetrics} lists the meters); default none. {@code
     * RunMetrics.prometheus(...).registry()} gives one that can be scraped or written as text.
     */
    public Builder metrics(MeterRegistry registry) {
      this.metrics = requireNonNull(registry, "registry is null");
      return this;
    }

    /**
     * Checks of the application's own on each micro-batch's rows that are valid by the dataset: a
     * row breaking one goes to {@code <table>_quarantine} with the checks' names as its reasons, in
     * the batch's own commit (a quality suite's {@code quarantine} rules: {@code
     * QualityAudit.rowChecks(suite)} of gridata-pipeline); default none.
     */
    public Builder rowChecks(RowChecks value) {
      this.checks = requireNonNull(value, "rowChecks is null");
      return this;
    }

    /**
     * The job.
     *
     * @throws IllegalArgumentException without a checkpoint location, or without bootstrap servers
     *     when reading Kafka
     */
    public StreamingIngest build() {
      if (checkpointLocation == null || checkpointLocation.isBlank()) {
        throw new IllegalArgumentException(
            "Cannot stream "
                + dataset.topic()
                + " into "
                + table
                + ": no checkpoint location. Set checkpointLocation(dir) to a directory kept across"
                + " restarts (one per job); the query resumes from it after a crash");
      }
      if (source == null && !kafkaOptions.containsKey("kafka.bootstrap.servers")) {
        throw new IllegalArgumentException(
            "Cannot stream "
                + dataset.topic()
                + " into "
                + table
                + ": no Kafka bootstrap servers. Set bootstrapServers(\"host:port,...\")");
      }
      return new StreamingIngest(this);
    }

    private static Duration positive(Duration value, String name) {
      requireNonNull(value, name + " is null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("Invalid " + name + ": " + value + " (must be > 0)");
      }
      return value;
    }
  }
}
