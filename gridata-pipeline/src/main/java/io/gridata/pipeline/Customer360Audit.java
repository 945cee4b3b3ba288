package io.gridata.pipeline;

import static java.util.Objects.requireNonNull;

import io.gridata.quality.QualityGate;
import io.gridata.quality.QualityReport;
import io.gridata.spark.customer360.Customer360Result;
import io.gridata.spark.customer360.StagedCustomer360;
import io.gridata.spark.write.Audit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The quality gate as the Customer 360 job's audit: evaluates the gate's suite (e.g. {@code
 * QualitySuites.customer360()}) on the rows the run staged on its branch, and lets the job replace
 * the table's content only when no error-severity rule failed. After the run, {@link #record}
 * appends the report to the history with the run's outcome.
 *
 * <pre>{@code
 * Customer360Audit audit = new Customer360Audit(spark, new QualityGate(spark,
 *     QualitySuites.customer360(), IcebergMetricHistory.defaultTable(spark)),
 *     Customer360Job.DEFAULT_TABLE);
 * Customer360Result result = Customer360Job.builder(spark).audit(audit).build().run(asOf);
 * audit.record(result).ifPresent(r -> System.out.println(r.summary()));
 * }</pre>
 */
public final class Customer360Audit implements Audit<StagedCustomer360> {
  private final SparkSession spark;
  private final QualityGate gate;
  private final String dataset;
  private String runId;
  private QualityReport report;

  /** An audit with {@code gate}, recording results under {@code dataset} (the output table). */
  public Customer360Audit(SparkSession spark, QualityGate gate, String dataset) {
    this.spark = requireNonNull(spark, "spark is null");
    this.gate = requireNonNull(gate, "gate is null");
    this.dataset = requireNonNull(dataset, "dataset is null");
  }

  /** The counts a run reports to the suite's {@code batch_ratio} rules. */
  public static Map<String, Long> counts(StagedCustomer360 staged) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("customers_written", staged.customersWritten());
    counts.put("orders", staged.counts().orders());
    counts.put("orphan_orders", staged.counts().orphanOrders());
    counts.put("events", staged.counts().events());
    counts.put("orphan_events", staged.counts().orphanEvents());
    counts.put("anonymous_events", staged.counts().anonymousEvents());
    return counts;
  }

  @Override
  public boolean accepts(StagedCustomer360 staged) {
    runId = staged.runId();
    report = gate.check(dataset, spark.table(staged.branchTable()), counts(staged));
    return report.passed();
  }

  /** Records the report of {@code result}'s run in the history and returns it. */
  public Optional<QualityReport> record(Customer360Result result) {
    Optional<QualityReport> audited = report(result.runId());
    audited.ifPresent(
        r ->
            gate.record(
                result.runId(),
                dataset,
                r,
                result.outcome() == Customer360Result.Outcome.PUBLISHED));
    return audited;
  }

  /** The report of run {@code id}, if this audit judged it last. */
  public Optional<QualityReport> report(String id) {
    return id.equals(runId) ? Optional.of(report) : Optional.empty();
  }
}
