package io.gridata.pipeline;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.gridata.quality.QualityGate;
import io.gridata.quality.QualityReport;
import io.gridata.quality.QualitySuite;
import io.gridata.quality.SuiteEvaluator;
import io.gridata.spark.ingest.BatchResult;
import io.gridata.spark.ingest.IngestJobResult;
import io.gridata.spark.ingest.StagedBatch;
import io.gridata.spark.transform.IngestColumns;
import io.gridata.spark.transform.RowChecks;
import io.gridata.spark.write.Audit;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The quality gate as the orders job's audit: evaluates the gate's suite on the rows the run staged
 * (the run's own rows on its branch), with the job's counts, and lets the job publish only when no
 * error-severity rule failed. After the run, {@link #record} appends the report to the history with
 * the run's outcome. gridata-spark and gridata-quality do not know each other; this is where they
 * meet.
 *
 * <pre>{@code
 * QualityAudit audit = new QualityAudit(spark, new QualityGate(spark, QualitySuites.orders(),
 *     IcebergMetricHistory.defaultTable(spark)), "gridata.ecommerce.orders");
 * IngestJob.Builder builder = OrdersJob.builder(spark, zone).audit(audit);
 * audit.rowChecks().ifPresent(builder::rowChecks);   // the suite's quarantine rules
 * IngestJobResult result = builder.build().run(day);
 * audit.record(result).ifPresent(r -> System.out.println(r.summary()));
 * }</pre>
 */
public final class QualityAudit implements Audit<StagedBatch> {
  private final SparkSession spark;
  private final QualityGate gate;
  private final String dataset;
  private String runId;
  private QualityReport report;

  /** An audit with {@code gate}, recording results under {@code dataset} (the target table). */
  public QualityAudit(SparkSession spark, QualityGate gate, String dataset) {
    this.spark = requireNonNull(spark, "spark is null");
    this.gate = requireNonNull(gate, "gate is null");
    this.dataset = requireNonNull(dataset, "dataset is null");
  }

  /**
   * The suite's {@code quarantine} rules as the orders job's row checks: rows breaking them go to
   * {@code <table>_quarantine} with the rule names, in the run's staged commits. Empty when the
   * suite has none.
   */
  public Optional<RowChecks> rowChecks() {
    return rowChecks(gate.suite());
  }

  /**
   * {@code suite}'s {@code quarantine} rules as row checks, for any job that takes them (the batch
   * ingest, {@code StreamingIngest.Builder.rowChecks}); empty when the suite has none.
   */
  public static Optional<RowChecks> rowChecks(QualitySuite suite) {
    return SuiteEvaluator.quarantineReasons(suite).map(reasons -> () -> reasons);
  }

  /** The counts an orders batch reports to the suite's {@code batch_ratio} rules. */
  public static Map<String, Long> counts(StagedBatch batch) {
    return batch.counts().asMap();
  }

  @Override
  public boolean accepts(StagedBatch batch) {
    runId = batch.runId();
    report =
        gate.check(
            dataset,
            spark
                .table(batch.branchTable())
                .where(col(IngestColumns.RUN_ID).equalTo(lit(batch.runId()))),
            counts(batch));
    return report.passed();
  }

  /**
   * Records the report of {@code result}'s run in the history, published or not, and returns it;
   * empty when the run audited nothing (no new rows).
   */
  public Optional<QualityReport> record(IngestJobResult result) {
    Optional<QualityReport> audited = report(result.runId());
    audited.ifPresent(
        r ->
            gate.record(
                result.runId(),
                dataset,
                r,
                result
                    .batch()
                    .map(b -> b.outcome() == BatchResult.Outcome.PUBLISHED)
                    .orElse(false)));
    return audited;
  }

  /** The report of run {@code id}, if this audit judged it last. */
  public Optional<QualityReport> report(String id) {
    return id.equals(runId) ? Optional.of(report) : Optional.empty();
  }
}
