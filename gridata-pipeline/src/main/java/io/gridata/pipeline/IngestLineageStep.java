package io.gridata.pipeline;

import io.gridata.lineage.LineagePublisher;
import io.gridata.lineage.LineageSink;
import io.gridata.lineage.PublishResult;
import io.gridata.quality.QualityReport;
import io.gridata.spark.ingest.IngestJobResult;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.ingest.IngestTables;
import io.gridata.spark.write.IcebergTables;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** The lineage step of {@link IngestPipeline}: a failure is reported, never fatal. */
final class IngestLineageStep {
  private IngestLineageStep() {}

  /**
   * Publishes {@code result}'s lineage to {@code sink} (and closes it), printing what happened: the
   * data is committed either way, so no lineage failure fails the command. Nothing is published
   * while the table does not exist (every file of a first day rejected).
   *
   * @return whether the sink took the proposals
   */
  static boolean publish(
      SparkSession spark,
      LineageSink sink,
      IngestJobResult result,
      IngestSpec spec,
      LineageIdentity identity,
      String rawZone,
      String table,
      Instant start,
      Optional<QualityReport> quality,
      PrintWriter out,
      PrintWriter err) {
    try (LineagePublisher publisher = LineagePublisher.builder(sink).build()) {
      if (!spark.catalog().tableExists(table)) {
        err.printf("lineage: %s does not exist yet, nothing to publish%n", table);
        return false;
      }
      IngestLineage lineage = new IngestLineage(identity);
      PublishResult published =
          publisher.publish(
              lineage.of(
                  result,
                  spec,
                  rawZone,
                  table,
                  IcebergTables.load(spark, table).schema(),
                  IcebergTables.load(spark, IngestTables.quarantineTable(table)).schema(),
                  start,
                  start.plus(result.elapsed()),
                  quality));
      if (published.success()) {
        out.printf("lineage: %d proposals to %s%n", published.sent(), published.sink());
      } else {
        err.printf(
            "lineage not published to %s: %s%n",
            published.sink(), published.error().orElse("unknown error"));
      }
      return published.success();
    } catch (RuntimeException e) {
      err.printf("lineage not published: %s%n", e.getMessage());
      return false;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
