package io.gridata.spark.customer360;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.gridata.core.NotFoundException;
import io.gridata.core.ingest.SnapshotSummaryKeys;
import io.gridata.core.run.RunId;
import io.gridata.spark.write.Audit;
import io.gridata.spark.write.IcebergTables;
import io.gridata.spark.write.StagedWrite;
import io.gridata.spark.write.WriteMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StringType;

/**
 * Builds the Customer 360 table from the orders, customers and clickstream tables as of a date, and
 * replaces the table's content in one atomic commit after an audit:
 *
 * <ol>
 *   <li>creates the output table if missing ({@link Customer360Table});
 *   <li>reads only the columns {@link Customer360} needs, with {@code order_ts} and {@code
 *       event_ts} before the end of the as-of day, so Iceberg skips the later partitions and files;
 *   <li>counts where every order and event goes ({@link Customer360Counts}) while caching the
 *       per-customer aggregates, then writes the rows with {@code _run_id} and {@code _computed_at}
 *       to a per-run branch in one {@link WriteMode#REPLACE} commit ({@link StagedWrite});
 *   <li>hands the staged run to the {@link Audit}: when it accepts, {@code main} is fast-forwarded
 *       to the branch (one new snapshot; the previous content stays reachable by time travel),
 *       otherwise the branch is dropped and {@code main} is unchanged.
 * </ol>
 *
 * <pre>{@code
 * Customer360Result result = Customer360Job.builder(spark)
 *     .audit(staged -> gate.check("customer_360", spark.table(staged.branchTable()), Map.of()).passed())
 *     .build()
 *     .run(LocalDate.parse("2026-11-30"));
 * }</pre>
 *
 * <p>A failed or interrupted run leaves {@code main} as it was, and re-running is safe: each run
 * replaces the whole content. Two runs publishing at once cannot both win: the second publish is
 * refused with {@link io.gridata.core.table.StaleRefException} (its branch is dropped, nothing
 * changes), and its retry recomputes.
 */
public final class Customer360Job {
  /** Default orders table. */
  public static final String DEFAULT_ORDERS_TABLE = "gridata.ecommerce.orders";

  /** Default customers table. */
  public static final String DEFAULT_CUSTOMERS_TABLE = "gridata.ecommerce.customers";

  /** Default clickstream table. */
  public static final String DEFAULT_CLICKSTREAM_TABLE = "gridata.ecommerce.clickstream";

  /** Default output table. */
  public static final String DEFAULT_TABLE = "gridata.analytics.customer_360";

  /** Snapshot summary key of the as-of date of the rows a snapshot wrote. */
  public static final String AS_OF_DATE_KEY = "gridata.as-of-date";

  /**
   * Prefix of the snapshot summary keys naming the snapshot each input table was read at: {@code
   * gridata.customer360.input.<table>} = snapshot id.
   */
  public static final String INPUT_PREFIX = "gridata.customer360.input.";

  /** Prefix of the snapshot summary keys carrying the run's {@link Customer360Counts}. */
  public static final String COUNTS_PREFIX = "gridata.customer360.";

  private final SparkSession spark;
  private final String ordersTable;
  private final String customersTable;
  private final String clickstreamTable;
  private final String table;
  private final Customer360Params params;
  private final Audit<StagedCustomer360> audit;
  private final Clock clock;

  private Customer360Job(Builder b) {
    this.spark = b.spark;
    this.ordersTable = b.ordersTable;
    this.customersTable = b.customersTable;
    this.clickstreamTable = b.clickstreamTable;
    this.table = b.table;
    this.params = b.params;
    this.audit = b.audit;
    this.clock = b.clock;
  }

  /** A job on {@code spark}'s catalogs; defaults as documented on the builder. */
  public static Builder builder(SparkSession spark) {
    return new Builder(spark);
  }

  /** The output table. */
  public String table() {
    return table;
  }

  /** Runs as of {@code asOf} with a fresh run id {@code customer360-<asOf>-<8 hex>}. */
  public Customer360Result run(LocalDate asOf) {
    requireNonNull(asOf, "asOf is null");
    return run(asOf, RunId.generate("customer360", asOf));
  }

  /** Runs as of {@code asOf} as run {@code runId}. */
  public Customer360Result run(LocalDate asOf, RunId runId) {
    requireNonNull(asOf, "asOf is null");
    requireNonNull(runId, "runId is null");
    long start = System.nanoTime();
    Map<String, Long> inputs = new LinkedHashMap<>();
    Customer360 computation = computation(asOf, inputs);
    Customer360Table.createIfMissing(spark, table);
    computation.persist();
    try {
      Customer360Counts counts = computation.counts();
      Map<String, String> summary = summary(runId.value(), asOf, counts);
      inputs.forEach((name, id) -> summary.put(INPUT_PREFIX + name, Long.toString(id)));
      StagedWrite write = new StagedWrite(spark, table, runId, summary);
      return stageAuditPublish(runId.value(), write, computation, counts, start);
    } finally {
      computation.unpersist();
    }
  }

  private Customer360Result stageAuditPublish(
      String runId,
      StagedWrite write,
      Customer360 computation,
      Customer360Counts counts,
      long start) {
    try {
      Optional<Dataset<Row>> ranged = rowsInCustomerIdRanges(computation);
      Snapshot staged =
          write.write(
              withMetadata(ranged.orElseGet(computation::rows), runId),
              WriteMode.REPLACE,
              ranged.isPresent() ? Map.of("distribution-mode", "none") : Map.of());
      long written = Long.parseLong(staged.summary().getOrDefault("added-records", "0"));
      StagedCustomer360 candidate =
          new StagedCustomer360(
              runId, computation.asOf(), write.branchTableName(), written, counts);
      if (!audit.accepts(candidate)) {
        write.discard();
        return result(candidate, Customer360Result.Outcome.AUDIT_FAILED, write, null, start);
      }
      Snapshot published = write.publish();
      return result(
          candidate, Customer360Result.Outcome.PUBLISHED, write, published.snapshotId(), start);
    } catch (RuntimeException e) {
      // nothing reached main; drop the half-staged branch so a retry starts clean
      write.discard();
      throw e;
    }
  }

  /**
   * The computation over the three tables as of {@code asOf}: only the needed columns, and the
   * orders and events before the end of the day, are read.
   */
  Customer360 computation(LocalDate asOf) {
    return computation(asOf, new LinkedHashMap<>());
  }

  /** As above, each input read at its current snapshot, whose id goes into {@code pinned}. */
  private Customer360 computation(LocalDate asOf, Map<String, Long> pinned) {
    Instant cutoff = Customer360.cutoff(asOf);
    for (String input : List.of(ordersTable, customersTable, clickstreamTable)) {
      if (!spark.catalog().tableExists(input)) {
        throw new NotFoundException(
            "Cannot compute Customer 360 as of %s: input table %s does not exist; ingest it"
                + " first or point the job at another table",
            asOf, input);
      }
    }
    Dataset<Row> orders =
        select(pinned(ordersTable, pinned), Inputs.ORDER_COLUMNS)
            .where(col(Inputs.ORDER_TS).lt(lit(cutoff)));
    Dataset<Row> customers = select(pinned(customersTable, pinned), Inputs.CUSTOMER_COLUMNS);
    Dataset<Row> clicks =
        select(pinned(clickstreamTable, pinned), Inputs.CLICK_COLUMNS)
            .where(col(Inputs.EVENT_TS).lt(lit(cutoff)));
    return Customer360.of(orders, customers, clicks, asOf, params);
  }

  /**
   * {@code name} at its current snapshot: the rows, the counts and any recomputation of an evicted
   * cached block all read the same data, even while an ingestion commits to the table, and the
   * snapshot ids read are recorded in the output's snapshot summary. A table without snapshots is
   * read as it is (empty).
   */
  private Dataset<Row> pinned(String name, Map<String, Long> pinned) {
    Snapshot current = IcebergTables.load(spark, name).currentSnapshot();
    if (current == null) {
      return spark.table(name);
    }
    pinned.put(name, current.snapshotId());
    // SQL time travel resolves through the table's catalog on every Spark line (Iceberg's Spark 3.5
    // source given a catalog-qualified name builds its Hive catalog instead)
    return spark.sql("SELECT * FROM " + name + " VERSION AS OF " + current.snapshotId());
  }

  /**
   * The rows with the customers in customer_id ranges before the joins ({@link
   * Customer360#rowsInCustomerIdRanges}), when the aggregates fit Spark's broadcast threshold and
   * the table is laid out by customer_id only ({@link Customer360Table#orderedByCustomerIdOnly}):
   * the table's order then needs no range shuffle of the finished rows. Empty otherwise.
   */
  Optional<Dataset<Row>> rowsInCustomerIdRanges(Customer360 computation) {
    if (!Customer360Table.orderedByCustomerIdOnly(IcebergTables.load(spark, table))) {
      return Optional.empty();
    }
    return computation
        .rowsInCustomerIdRanges(broadcastLimit())
        .filter(
            rows ->
                rows.schema().apply(Customer360Columns.CUSTOMER_ID).dataType()
                    instanceof StringType);
  }

  /** Spark's {@code spark.sql.autoBroadcastJoinThreshold} in bytes; negative when disabled. */
  private long broadcastLimit() {
    String value = spark.conf().get("spark.sql.autoBroadcastJoinThreshold").trim();
    return value.startsWith("-") ? -1 : JavaUtils.byteStringAsBytes(value);
  }

  private Dataset<Row> withMetadata(Dataset<Row> rows, String runId) {
    List<Column> columns = Customer360Columns.COMPUTED.stream().map(c -> col(c)).toList();
    return rows.select(columns.toArray(Column[]::new))
        .withColumn(Customer360Columns.RUN_ID, lit(runId))
        .withColumn(Customer360Columns.COMPUTED_AT, lit(clock.instant()));
  }

  private static Dataset<Row> select(Dataset<Row> table, List<String> columns) {
    return table.select(columns.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  private static Map<String, String> summary(
      String runId, LocalDate asOf, Customer360Counts counts) {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(SnapshotSummaryKeys.RUN_ID, runId);
    summary.put(AS_OF_DATE_KEY, asOf.toString());
    summary.put(COUNTS_PREFIX + "orders", Long.toString(counts.orders()));
    summary.put(COUNTS_PREFIX + "orphan-orders", Long.toString(counts.orphanOrders()));
    summary.put(COUNTS_PREFIX + "events", Long.toString(counts.events()));
    summary.put(COUNTS_PREFIX + "orphan-events", Long.toString(counts.orphanEvents()));
    summary.put(COUNTS_PREFIX + "anonymous-events", Long.toString(counts.anonymousEvents()));
    summary.put(COUNTS_PREFIX + "anonymous-sessions", Long.toString(counts.anonymousSessions()));
    return summary;
  }

  private static Customer360Result result(
      StagedCustomer360 staged,
      Customer360Result.Outcome outcome,
      StagedWrite write,
      Long snapshotId,
      long start) {
    return new Customer360Result(
        staged.runId(),
        staged.asOf(),
        outcome,
        staged.customersWritten(),
        staged.counts(),
        write.branch(),
        Optional.ofNullable(snapshotId),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** Options of a {@link Customer360Job}. */
  public static final class Builder {
    private final SparkSession spark;
    private String ordersTable = DEFAULT_ORDERS_TABLE;
    private String customersTable = DEFAULT_CUSTOMERS_TABLE;
    private String clickstreamTable = DEFAULT_CLICKSTREAM_TABLE;
    private String table = DEFAULT_TABLE;
    private Customer360Params params = Customer360Params.defaults();
    private Audit<StagedCustomer360> audit = Audit.acceptAll();
    private Clock clock = Clock.systemUTC();

    private Builder(SparkSession spark) {
      this.spark = requireNonNull(spark, "spark is null");
    }

    /** The orders table; default {@value Customer360Job#DEFAULT_ORDERS_TABLE}. */
    public Builder ordersTable(String value) {
      this.ordersTable = requireNonNull(value, "ordersTable is null");
      return this;
    }

    /** The customers table; default {@value Customer360Job#DEFAULT_CUSTOMERS_TABLE}. */
    public Builder customersTable(String value) {
      this.customersTable = requireNonNull(value, "customersTable is null");
      return this;
    }

    /** The clickstream table; default {@value Customer360Job#DEFAULT_CLICKSTREAM_TABLE}. */
    public Builder clickstreamTable(String value) {
      this.clickstreamTable = requireNonNull(value, "clickstreamTable is null");
      return this;
    }

    /** The output table, created if missing; default {@value Customer360Job#DEFAULT_TABLE}. */
    public Builder table(String value) {
      this.table = requireNonNull(value, "table is null");
      return this;
    }

    /** Thresholds and weights; default {@link Customer360Params#defaults()}. */
    public Builder params(Customer360Params value) {
      this.params = requireNonNull(value, "params is null");
      return this;
    }

    /** The quality gate's hook on the staged rows; default accepts everything. */
    public Builder audit(Audit<StagedCustomer360> value) {
      this.audit = requireNonNull(value, "audit is null");
      return this;
    }

    /** Source of {@code _computed_at} only (never of a metric); default UTC system clock. */
    public Builder clock(Clock value) {
      this.clock = requireNonNull(value, "clock is null");
      return this;
    }

    /** The job. */
    public Customer360Job build() {
      return new Customer360Job(this);
    }
  }
}
