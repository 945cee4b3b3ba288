package com.example.shop;

import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.run.RunId;
import io.gridata.pipeline.IngestOutcome;
import io.gridata.pipeline.IngestPipeline;
import org.apache.spark.sql.SparkSession;

/**
 * What both daily jobs do with their pipeline: run the day, run it again with the same run id as a
 * scheduler's retry would, print what happened, and say whether it is what the export holds.
 */
final class DayAndRetry {
  private DayAndRetry() {}

  /**
   * @return true when the first run published, the retry found the day already ingested, and
   *     {@code table} and its quarantine table hold {@code onMain} and {@code quarantined} rows
   */
  static boolean run(
      SparkSession spark,
      IngestPipeline pipeline,
      RawPartition partition,
      RunId runId,
      String table,
      long onMain,
      long quarantined) {
    IngestOutcome first = pipeline.run(partition, runId);
    IngestOutcome retry = pipeline.run(partition, runId);
    long main = spark.table(table).count();
    long bad = spark.table(table + "_quarantine").count();
    System.out.printf(
        "%s: first run %s, retry %s, %d rows on main, %d quarantined, quality %s%n",
        partition.dataset(),
        first.kind(),
        retry.kind(),
        main,
        bad,
        first.quality().map(q -> q.passed() ? "passed" : "failed").orElse("-"));
    return first.kind() == IngestOutcome.Kind.PUBLISHED
        && retry.kind() == IngestOutcome.Kind.ALREADY_INGESTED
        && main == onMain
        && bad == quarantined;
  }
}
