package io.gridata.spark.orders;

import static java.util.Objects.requireNonNull;

import io.gridata.core.contract.Contracts;
import io.gridata.core.rawzone.FileFormat;
import io.gridata.core.rawzone.FileValidator;
import io.gridata.core.rawzone.RawObject;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.rawzone.ValidationOptions;
import io.gridata.core.rawzone.ValidationReport;
import io.gridata.spark.ingest.BatchResult;
import io.gridata.spark.ingest.FileOutcome;
import io.gridata.spark.ingest.IngestJobResult;
import io.gridata.spark.ingest.StagedBatch;
import io.gridata.spark.read.RawInput;
import io.gridata.spark.transform.OrderCategories;
import io.gridata.spark.transform.RowChecks;
import io.gridata.spark.write.WriteMode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * The orders pipeline for one day: validate the day's raw files (rejecting bad ones with a
 * manifest), read and transform the accepted ones, stage them on a per-run Iceberg branch, let the
 * audit (the quality gate's hook) decide, and publish.
 *
 * <pre>{@code
 * try (RawZone zone = RawZone.open("file:///data/zone")) {
 *   IngestJobResult result = OrdersJob.builder(spark, zone).build().run(LocalDate.parse("2026-11-02"));
 *   System.out.println(result.rowsWritten() + " rows in " + result.publishedSnapshotId());
 * }
 * }</pre>
 *
 * <p>Spark reads the accepted files where they lie: a local zone as {@code file:} paths (each
 * executor must see the same path), an S3 zone as {@code s3a://} paths, which needs {@code
 * hadoop-aws} and {@code fs.s3a.*} settings in the session.
 */
public final class OrdersJob {
  /** The dataset's place in the raw zone: {@code raw/ecommerce/orders/YYYY-MM-DD/}. */
  public static final String DOMAIN = "ecommerce";

  /** See {@link #DOMAIN}. */
  public static final String DATASET = "orders";

  /** The default target table. */
  public static final String DEFAULT_TABLE = "gridata.ecommerce.orders";

  private final SparkSession spark;
  private final RawZone zone;
  private final String table;
  private final OrderCategories categories;
  private final ValidationOptions validation;
  private final StagedBatch.Audit audit;
  private final WriteMode writeMode;
  private final Clock clock;
  private final RowChecks checks;

  private OrdersJob(Builder builder) {
    this.spark = builder.spark;
    this.zone = builder.zone;
    this.table = builder.table;
    this.categories = builder.categories;
    this.validation = builder.validation;
    this.audit = builder.audit;
    this.writeMode = builder.writeMode;
    this.clock = builder.clock;
    this.checks = builder.checks;
  }

  /** A job reading {@code zone} with {@code spark}; defaults as documented on the builder. */
  public static Builder builder(SparkSession spark, RawZone zone) {
    return new Builder(spark, zone);
  }

  /** Runs {@code date} with a fresh run id. */
  public IngestJobResult run(LocalDate date) {
    return run(date, "orders-" + date + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /**
   * Runs {@code date} as run {@code runId}. Re-running a day (with any run id) writes nothing for
   * files already committed to the table.
   */
  public IngestJobResult run(LocalDate date, String runId) {
    requireNonNull(date, "date is null");
    requireNonNull(runId, "runId is null");
    long start = System.nanoTime();
    FileValidator validator = new FileValidator(zone, validation, clock);
    List<FileOutcome> outcomes = new ArrayList<>();
    List<RawInput> inputs = new ArrayList<>();
    for (RawObject object : zone.list(RawPartition.of(DOMAIN, DATASET, date))) {
      FileValidator.Verdict verdict = validator.validateOrReject(object.key(), runId);
      ValidationReport report = verdict.report();
      if (verdict.rejected().isPresent()) {
        outcomes.add(
            new FileOutcome(
                object.key(), FileOutcome.Status.REJECTED, report.sha256(), report.summary()));
      } else if (report.size() < 0) {
        outcomes.add(
            new FileOutcome(
                object.key(),
                FileOutcome.Status.VANISHED,
                Optional.empty(),
                "gone before validation"));
      } else {
        outcomes.add(
            new FileOutcome(object.key(), FileOutcome.Status.ACCEPTED, report.sha256(), ""));
        inputs.add(input(report));
      }
    }
    Duration validated = Duration.ofNanos(System.nanoTime() - start);
    Optional<BatchResult> batch =
        inputs.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new OrdersBatch(spark, table, categories, writeMode, clock, checks)
                    .run(runId, inputs, audit));
    return new IngestJobResult(
        runId, date, outcomes, batch, validated, Duration.ofNanos(System.nanoTime() - start));
  }

  private RawInput input(ValidationReport report) {
    FileFormat format = report.format().orElseThrow();
    List<String> header = format == FileFormat.CSV ? report.columns() : List.of();
    return new RawInput(
        sparkPath(zone.uri(report.key().path())), format, header, report.sha256().orElseThrow());
  }

  /** {@code s3://} is read by Hadoop's S3A connector in Spark. */
  static String sparkPath(URI uri) {
    return "s3".equals(uri.getScheme())
        ? "s3a" + uri.toString().substring("s3".length())
        : uri.toString();
  }

  /** Options of an {@link OrdersJob}. */
  public static final class Builder {
    private final SparkSession spark;
    private final RawZone zone;
    private String table = DEFAULT_TABLE;
    private OrderCategories categories = OrderCategories.defaults();
    private ValidationOptions validation =
        ValidationOptions.defaults().withContract(Contracts.orders());
    private StagedBatch.Audit audit = StagedBatch.Audit.ACCEPT_ALL;
    private WriteMode writeMode = WriteMode.APPEND;
    private Clock clock = Clock.systemUTC();
    private RowChecks checks;

    private Builder(SparkSession spark, RawZone zone) {
      this.spark = requireNonNull(spark, "spark is null");
      this.zone = requireNonNull(zone, "zone is null");
    }

    /** Target table as {@code catalog.namespace.name}; default {@value OrdersJob#DEFAULT_TABLE}. */
    public Builder table(String value) {
      this.table = requireNonNull(value, "table is null");
      return this;
    }

    /** Thresholds of {@code order_category}; default {@link OrderCategories#defaults()}. */
    public Builder categories(OrderCategories value) {
      this.categories = requireNonNull(value, "categories is null");
      return this;
    }

    /** File checks; default: {@link ValidationOptions#defaults()} with the orders contract. */
    public Builder validation(ValidationOptions value) {
      this.validation = requireNonNull(value, "validation is null");
      return this;
    }

    /** The quality gate's hook on the staged batch; default accepts everything. */
    public Builder audit(StagedBatch.Audit value) {
      this.audit = requireNonNull(value, "audit is null");
      return this;
    }

    /**
     * How the orders table takes each batch; default {@link WriteMode#APPEND}, where files already
     * ingested are skipped. {@link WriteMode#OVERWRITE_PARTITIONS} reprocesses every accepted file
     * of the day and replaces the month partitions its rows fall into: only right when the day's
     * files hold all the rows of those months (a backfill). Quarantined rows are always appended.
     */
    public Builder writeMode(WriteMode value) {
      this.writeMode = requireNonNull(value, "writeMode is null");
      return this;
    }

    /** Source of {@code _ingested_at} and validation times; default UTC system clock. */
    public Builder clock(Clock value) {
      this.clock = requireNonNull(value, "clock is null");
      return this;
    }

    /**
     * Checks of the pipeline's own: otherwise valid rows breaking one go to quarantine with its
     * name as a reason; default none.
     */
    public Builder rowChecks(RowChecks value) {
      this.checks = requireNonNull(value, "rowChecks is null");
      return this;
    }

    /** The job. */
    public OrdersJob build() {
      return new OrdersJob(this);
    }
  }
}
