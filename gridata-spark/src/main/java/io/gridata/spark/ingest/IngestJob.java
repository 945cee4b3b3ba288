package io.gridata.spark.ingest;

import static java.util.Objects.requireNonNull;

import io.gridata.core.ingest.StagingAttempt;
import io.gridata.core.rawzone.FileFormat;
import io.gridata.core.rawzone.FileValidator;
import io.gridata.core.rawzone.IgnoredFile;
import io.gridata.core.rawzone.RawKey;
import io.gridata.core.rawzone.RawObject;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.rawzone.ValidationOptions;
import io.gridata.core.rawzone.ValidationReport;
import io.gridata.core.run.RunId;
import io.gridata.spark.ingest.FileOutcome.Status;
import io.gridata.spark.read.RawInput;
import io.gridata.spark.transform.RowChecks;
import io.gridata.spark.write.Audit;
import io.gridata.spark.write.WriteMode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
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
  /** Default {@linkplain Builder#settleTime settle time}: 30 seconds. */
  public static final Duration DEFAULT_SETTLE_TIME = Duration.ofSeconds(30);

  private final SparkSession spark;
  private final RawZone zone;
  private final IngestSpec spec;
  private final String table;
  private final ValidationOptions validation;
  private final Audit<StagedBatch> audit;
  private final WriteMode writeMode;
  private final Clock clock;
  private final RowChecks checks;
  private final Map<String, String> snapshotProperties;
  private final Duration settleTime;
  private final Consumer<FileOutcome> listener;

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
    this.settleTime = builder.settleTime;
    this.listener = builder.listener;
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

  /**
   * Checks that {@code partition} is a day of {@code spec}'s dataset.
   *
   * @throws IllegalArgumentException naming both when it is not
   */
  public static void checkPartition(IngestSpec spec, RawPartition partition) {
    requireNonNull(partition, "partition is null");
    if (!partition.domain().equals(spec.domain()) || !partition.dataset().equals(spec.dataset())) {
      throw new IllegalArgumentException(
          "Cannot ingest "
              + partition.prefix()
              + " with the job of "
              + spec.domain()
              + "."
              + spec.dataset()
              + ": give a partition of that dataset");
    }
  }

  /** The target table. */
  public String table() {
    return table;
  }

  /** Runs {@code date} with a fresh run id. */
  public IngestJobResult run(LocalDate date) {
    return run(date, RunId.generate(spec.dataset(), date));
  }

  /**
   * Runs {@code date} as run {@code runId}. Re-running a day (with any run id) writes nothing for
   * files already committed to the table.
   *
   * <p>Files in flight: a file modified less than the {@linkplain Builder#settleTime settle time}
   * ago is taken only when its {@code .sha256} sidecar is there (a producer writing in place writes
   * it last; {@link RawZone#land} never shows a partial file) or the store keeps its checksum;
   * otherwise it is reported {@link FileOutcome.Status#UNSETTLED} and left untouched. After Spark
   * has read the batch and before anything is published, every file read is hashed again: a file
   * whose bytes are no longer the ones validated is reported {@link FileOutcome.Status#CHANGED},
   * the staged batch is dropped and staged again without it, and a later run takes it whole. A file
   * with the same SHA-256 as another of the day is reported {@link FileOutcome.Status#DUPLICATE}
   * and not read (the oldest of the copies is ingested).
   */
  public IngestJobResult run(LocalDate date, RunId runId) {
    requireNonNull(date, "date is null");
    return run(RawPartition.of(spec.domain(), spec.dataset(), date), runId);
  }

  /**
   * Runs {@code partition}'s day as run {@code runId}; see {@link #run(LocalDate, RunId)}.
   *
   * @throws IllegalArgumentException when {@code partition} is not of this job's dataset
   */
  public IngestJobResult run(RawPartition partition, RunId runId) {
    checkPartition(spec, partition);
    requireNonNull(runId, "runId is null");
    long start = System.nanoTime();
    Instant now = clock.instant();
    FileValidator validator = new FileValidator(zone, validation, clock);
    List<IgnoredFile> ignored = zone.ignored(partition);
    Map<RawKey, FileOutcome> outcomes = new LinkedHashMap<>();
    Map<RawKey, Accepted> accepted = new LinkedHashMap<>();
    for (RawObject object : zone.list(partition)) {
      RawKey key = object.key();
      Optional<String> unsettled = unsettled(object, now);
      if (unsettled.isPresent()) {
        report(outcomes, new FileOutcome(key, Status.UNSETTLED, Optional.empty(), unsettled.get()));
        continue;
      }
      FileValidator.Verdict verdict = validator.validateOrReject(key, runId.value());
      ValidationReport report = verdict.report();
      if (verdict.rejected().isPresent()) {
        report(
            outcomes,
            new FileOutcome(
                key,
                Status.REJECTED,
                report.sha256(),
                verdict.rejected().get().manifest().reason()));
      } else if (report.size() < 0) {
        report(
            outcomes,
            new FileOutcome(key, Status.VANISHED, Optional.empty(), "gone before validation"));
      } else {
        outcomes.put(key, null); // keeps the listing order; decided once copies are known
        accepted.put(key, new Accepted(object, report));
      }
    }
    for (Accepted file : accepted.values()) {
      RawKey key = file.object().key();
      Optional<Accepted> original =
          accepted.values().stream()
              .filter(other -> other.sha256().equals(file.sha256()))
              .min(
                  Comparator.comparing((Accepted a) -> a.object().lastModified())
                      .thenComparing(a -> a.object().key().fileName()));
      if (original.isPresent() && original.get() != file) {
        String other = original.get().object().key().fileName();
        report(
            outcomes,
            new FileOutcome(
                key,
                Status.DUPLICATE,
                Optional.of(file.sha256()),
                "same content (SHA-256) as "
                    + other
                    + " of the same day: its rows are ingested once, from "
                    + other
                    + "; delete this copy if it was sent by mistake"));
      } else {
        report(outcomes, new FileOutcome(key, Status.ACCEPTED, Optional.of(file.sha256()), ""));
      }
    }
    Duration validated = Duration.ofNanos(System.nanoTime() - start);
    Map<RawKey, Accepted> toRead = new LinkedHashMap<>();
    accepted.forEach(
        (key, file) -> {
          if (outcomes.get(key).status() == Status.ACCEPTED) {
            toRead.put(key, file);
          }
        });
    Optional<BatchResult> batch = Optional.empty();
    while (!toRead.isEmpty()) {
      Map<RawKey, String> changed = new LinkedHashMap<>();
      Audit<StagedBatch> verified =
          staged -> {
            changed.putAll(changedSinceValidation(toRead.values()));
            return changed.isEmpty() && audit.accepts(staged);
          };
      BatchResult result =
          new IngestBatch(
                  spark,
                  spec,
                  table,
                  writeMode,
                  clock,
                  checks,
                  snapshotProperties,
                  StagingAttempt.DEFAULT_MAX_AGE)
              .run(runId, toRead.values().stream().map(this::input).toList(), verified);
      if (changed.isEmpty()) {
        batch = Optional.of(result);
        break;
      }
      // the staged rows were dropped: stage again without the files that changed under the read
      changed.forEach(
          (key, why) -> {
            toRead.remove(key);
            report(outcomes, new FileOutcome(key, Status.CHANGED, Optional.empty(), why));
          });
    }
    return new IngestJobResult(
        runId.value(),
        partition,
        List.copyOf(outcomes.values()),
        batch,
        validated,
        Duration.ofNanos(System.nanoTime() - start),
        ignored);
  }

  private void report(Map<RawKey, FileOutcome> outcomes, FileOutcome outcome) {
    outcomes.put(outcome.key(), outcome);
    listener.accept(outcome);
  }

  /** Why {@code object} is not settled at {@code now}, if it is not. */
  private Optional<String> unsettled(RawObject object, Instant now) {
    Duration age = Duration.between(object.lastModified(), now);
    // a sidecar, or a checksum the store keeps for the object, marks the file complete
    if (age.compareTo(settleTime) >= 0
        || object.storedSha256().isPresent()
        || zone.sidecar(object.key()).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        "not settled: modified "
            + (age.isNegative() ? "after the run started" : age.toMillis() + " ms before the run")
            + ", less than the settle time of "
            + settleTime.toSeconds()
            + " s, and no "
            + object.key().fileName()
            + RawKey.SHA256_SUFFIX
            + " sidecar marks it complete; probably still being written, so left in place for a"
            + " later run (write the sidecar last to have it taken at once)");
  }

  /** The files whose bytes are no longer those validated, each with what was found. */
  private Map<RawKey, String> changedSinceValidation(Iterable<Accepted> files) {
    Map<RawKey, String> changed = new LinkedHashMap<>();
    for (Accepted file : files) {
      RawKey key = file.object().key();
      Optional<String> now = ContentHash.sha256(zone, key);
      if (!now.equals(Optional.of(file.sha256()))) {
        changed.put(
            key,
            (now.isEmpty()
                    ? "gone while it was read"
                    : "changed while it was read: validated with SHA-256 "
                        + file.sha256()
                        + ", now "
                        + now.get())
                + "; nothing of it was published, a later run reads it again (land files whole,"
                + " e.g. with a sidecar written last)");
      }
    }
    return changed;
  }

  private RawInput input(Accepted file) {
    ValidationReport report = file.report();
    FileFormat format = report.format().orElseThrow();
    List<String> header = format == FileFormat.CSV ? report.columns() : List.of();
    return new RawInput(
        sparkPath(zone.uri(report.key().path())), format, header, report.sha256().orElseThrow());
  }

  /** A file that passed validation, with what the validation saw. */
  private record Accepted(RawObject object, ValidationReport report) {
    String sha256() {
      return report.sha256().orElseThrow();
    }
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
    private Audit<StagedBatch> audit = Audit.acceptAll();
    private WriteMode writeMode = WriteMode.APPEND;
    private Clock clock = Clock.systemUTC();
    private RowChecks checks;
    private Map<String, String> snapshotProperties = Map.of();
    private Duration settleTime = DEFAULT_SETTLE_TIME;
    private Consumer<FileOutcome> listener = outcome -> {};

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
    public Builder audit(Audit<StagedBatch> value) {
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
     * How long a file without a {@code .sha256} sidecar (or a checksum the store keeps for it) must
     * have been left unmodified before it is taken; default {@link #DEFAULT_SETTLE_TIME}. A younger
     * file is reported {@link FileOutcome.Status#UNSETTLED} and left for a later run. Zero takes
     * every file.
     */
    public Builder settleTime(Duration value) {
      requireNonNull(value, "settleTime is null");
      if (value.isNegative()) {
        throw new IllegalArgumentException("settleTime " + value + " is negative");
      }
      this.settleTime = value;
      return this;
    }

    /**
     * Told each file's outcome as soon as it is known: rejected files when they have been moved,
     * accepted ones before Spark reads them, and again as {@link FileOutcome.Status#CHANGED} when a
     * file changed under the read. It sees the files moved by a run that fails later. Default:
     * none.
     */
    public Builder listener(Consumer<FileOutcome> value) {
      this.listener = requireNonNull(value, "listener is null");
      return this;
    }

    /**
     * The job.
     *
     * @throws IllegalArgumentException for {@link WriteMode#OVERWRITE_PARTITIONS} on an
     *     unpartitioned table, which would replace all of it, and for a spec whose transforms do
     *     not produce its table schema ({@link IngestSpecCheck})
     */
    public IngestJob build() {
      IngestSpecCheck.check(spark, spec);
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
