package io.gridata.core.table;

import io.gridata.core.ingest.SnapshotSummaryKeys;
import org.apache.iceberg.expressions.Expression;

/**
 * A pending bin-pack compaction of small data files, created by {@link TableOps#compact}, that runs
 * in this JVM without Spark.
 *
 * <p>Planning is Iceberg's own {@code BinPackRewriteFilePlanner}: per partition, files outside
 * [0.75, 1.8] x the target size are grouped, and a group is rewritten when it has at least {@code
 * min-input-files} (default 5) files or enough bytes for one target-sized file. Each group is read
 * record by record with Iceberg's generic readers and written to new Parquet (or the table's
 * default format) files with Iceberg's generic writers, rolled at the target size; then one {@code
 * replace} snapshot swaps all groups, validated by Iceberg against concurrent deletes since the
 * planned snapshot ({@code RewriteFiles#validateFromSnapshot}). Rows never change.
 *
 * <p>Limits, by design: groups with delete files are skipped and reported (their deletes would have
 * to be applied; use Spark's {@code SparkActions.rewriteDataFiles} for merge-on-read tables); rows
 * are not re-sorted; the work is single-threaded, so this suits the small files of a few partitions
 * (a day's batch), not a full-table rewrite of a large table, which belongs in Spark. Memory: one
 * open reader and one open writer at a time; the writer buffers one Parquet row group ({@code
 * write.parquet.row-group-size-bytes}, 128 MB by default) before flushing. Writing Parquet through
 * Iceberg needs Hadoop's client classes on the classpath (Spark applications have them).
 */
public interface Compaction {

  /** Restricts compaction to files that may contain rows matching {@code filter}. */
  Compaction filter(Expression filter);

  /**
   * Target size of the output files (default: table property {@code write.target-file-size-bytes}).
   */
  Compaction targetFileSizeBytes(long bytes);

  /** Minimum number of small files in a partition group before it is rewritten (default 5). */
  Compaction minInputFiles(int count);

  /**
   * Sets any option of Iceberg's {@code BinPackRewriteFilePlanner} (for example {@code
   * min-file-size-bytes}, {@code rewrite-all}, {@code max-file-group-size-bytes}).
   */
  Compaction option(String key, String value);

  /** Records {@code runId} under {@link SnapshotSummaryKeys#RUN_ID} in the replace snapshot. */
  Compaction runId(String runId);

  /** Plans without writing anything. */
  CompactionPlan plan();

  /** Plans, rewrites and commits; returns what changed. */
  CompactionResult commit();
}
