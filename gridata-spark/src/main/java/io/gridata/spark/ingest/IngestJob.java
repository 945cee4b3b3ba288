package io.gridata.spark.ingest;

import static java.util.Objects.requireNonNull;

import io.gridata.core.ingest.StagingAttempt;
import io.gridata.core.rawzone.FileFormat;
import io.gridata.core.rawzone.FileValidator;
import io.gridata.core.rawzone.RawObject;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.rawzone.ValidationOptions;
import io.gridata.core.rawzone.ValidationReport;
import io.gridata.spark.read.RawInput;
import io.gridata.spark.transform.RowChecks;
import io.gridata.spark.write.StagedWrite;
import io.gridata.spark.write.WriteMode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * The ingestion pipeline of one dataset for one day: validate the day's raw files (rejecting bad
 * ones with a manifest), read and transform the accepted ones as the dataset's {@link IngestSpec}
 * says, stage them on a per-run Iceberg branch, let the audit (the quality gate's hook) decide, and
 * publish.
 *
 * <pre>{@code
 * try (RawZone zone = RawZone.open("file:///data/zone")) {
 *   IngestJobResult result =
 *       IngestJob.builder(spark, zone, new CustomersSpec()).build().run(LocalDate.parse("2026-11-02"));
 *   System.out.println(result.rowsWritten() + " rows in " + result.publishedSnapshotId());
 * }
 * }</pre>
 *
 * <p>Spark reads the accepted files where they lie: a local zone as {@code file:} paths (each
 * executor must see the same path), an S3 zone as {@code s3a://} paths, which needs {@code
 * hadoop-aws} and {@code fs.s3a.*} settings in the session.
 */
public final class IngestJob {
  private final SparkSession spark;
  private final RawZone zone;
  private final IngestSpec spec;
  private final String table;
  private final ValidationOptions validation;
  private final StagedBatch.Audit audit;
  private final WriteMode writeMode;
  private final Clock clock;
  private final RowChecks checks;
  private final Map<String, String> snapshotProperties;

  private IngestJob(Builder builder) {
    this.spark = builder.spark;
    this.zone = builder.zone;
    this.spec = builder.spec;
    this.table = builder.table;
    this.validation = builder.validation;
    this.audit = builder.audit;
    this.writeMode = builder.writeMode;
    this.clock = builder.clock;
    this.checks = builder.checks;
    this.snapshotProperties = Map.copyOf(builder.snapshotProperties);
  }

  /**
   * A job reading {@code spec}'s files from {@code zone} with {@code spark}; defaults as documented
   * on the builder.
   */
  public static Builder builder(SparkSession spark, RawZone zone, IngestSpec spec) {
    return new Builder(spark, zone, spec);
  }

  /** The dataset this job ingests. */
  public IngestSpec spec() {
    return spec;
  }

  /** The target table. */
  public String table() {
    return table;
  }

  /** Runs {@code date} with a fresh run id. */
  public IngestJobResult run(LocalDate date) {
    return run(
        date, spec.dataset() + "-" + date + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /**
   * Runs {@code date} as run {@code runId}. Re-running a day (with any run id) writes nothing for
   * files already committed to the table.
   */
  public IngestJobResult run(LocalDate date, String runId) {
    requireNonNull(date, "date is null");
    StagedWrite.checkRunId(runId); // before any file is validated and possibly moved
    long start = System.nanoTime();
    FileValidator validator = new FileValidator(zone, validation, clock);
    List<FileOutcome> outcomes = new ArrayList<>();
    List<RawInput> inputs = new ArrayList<>();
    RawPartition partition = RawPartition.of(spec.domain(), spec.dataset(), date);
    for (RawObject object : zone.list(partition)) {
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
                new IngestBatch(
                        spark,
                        spec,
                        table,
                        writeMode,
                        clock,
                        checks,
                        snapshotProperties,
                        StagingAttempt.DEFAULT_MAX_AGE)
                    .run(runId, inputs, audit));
    return new IngestJobResult(
        runId, partition, outcomes, batch, validated, Duration.ofNanos(System.nanoTime() - start));
  }

  private RawInput input(ValidationReport report) {
    FileFormat format = report.format().orElseThrow();
    List<String> header = format == FileFormat.CSV ? report.columns() : List.of();
    return new RawInput(
        sparkPath(zone.uri(report.key().path())), format, header, report.sha256().orElseThrow());
  }

  /**
   * The location Spark is handed for a raw-zone object: {@code s3://} becomes {@code s3a://}
   * (Hadoop's S3A connector), anything else keeps its scheme, and the path is decoded ({@code a
   * b.csv}, not {@code a%20b.csv}): Spark takes a path as Hadoop's {@code Path} text, not as a URI,
   * and would look for {@code a%20b.csv} literally. {@link io.gridata.spark.read.RawReader} escapes
   * glob characters itself.
   */
  public static String sparkPath(URI uri) {
    String scheme = "s3".equals(uri.getScheme()) ? "s3a" : uri.getScheme();
    String authority = uri.getRawAuthority() == null ? "" : uri.getAuthority();
    return scheme + "://" + authority + uri.getPath();
  }

  /** Options of an {@link IngestJob}. */
  public static final class Builder {
    private final SparkSession spark;
    private final RawZone zone;
    private final IngestSpec spec;
    private String table;
    private ValidationOptions validation;
    private StagedBatch.Audit audit = StagedBatch.Audit.ACCEPT_ALL;
    private WriteMode writeMode = WriteMode.APPEND;
    private Clock clock = Clock.systemUTC();
    private RowChecks checks;
    private Map<String, String> snapshotProperties = Map.of();

    private Builder(SparkSession spark, RawZone zone, IngestSpec spec) {
      this.spark = requireNonNull(spark, "spark is null");
      this.zone = requireNonNull(zone, "zone is null");
      this.spec = requireNonNull(spec, "spec is null");
      this.table = spec.defaultTable();
      this.validation = ValidationOptions.defaults().withContract(spec.contract());
    }

    /**
     * Target table as {@code catalog.namespace.name}; default {@code gridata.<domain>.<dataset>}.
     */
    public Builder table(String value) {
      this.table = requireNonNull(value, "table is null");
      return this;
    }

    /** File checks; default: {@link ValidationOptions#defaults()} with the spec's contract. */
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
     * How the table takes each batch; default {@link WriteMode#APPEND}, where files already
     * ingested are skipped. {@link WriteMode#OVERWRITE_PARTITIONS} reprocesses every accepted file
     * of the day and replaces the partitions its rows fall into: only right when the day's files
     * hold all the rows of those partitions (a backfill). Quarantined rows are always appended.
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

    /**
     * Extra summary properties of the table's published snapshot, e.g. the receivers a downstream
     * trigger owes the publish ({@code TriggerOutbox.owedProperties()}); default none.
     */
    public Builder snapshotProperties(Map<String, String> value) {
      this.snapshotProperties = Map.copyOf(requireNonNull(value, "snapshotProperties is null"));
      return this;
    }

    /**
     * The job.
     *
     * @throws IllegalArgumentException for {@link WriteMode#OVERWRITE_PARTITIONS} on an
     *     unpartitioned table, which would replace all of it
     */
    public IngestJob build() {
      if (writeMode == WriteMode.OVERWRITE_PARTITIONS && spec.layout().partitionBy().isBlank()) {
        throw new IllegalArgumentException(
            "Cannot overwrite partitions of "
                + table
                + ": the table is unpartitioned, so every row would be replaced; use APPEND, or"
                + " REPLACE to replace the whole table on purpose");
      }
      return new IngestJob(this);
    }
  }
}
