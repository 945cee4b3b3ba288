package io.gridata.core.table;

import java.time.Instant;
import java.util.Collection;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;

/**
 * A Spark-free read of an Iceberg table snapshot into Apache Arrow record batches, streamed batch
 * by batch with Iceberg's vectorized Parquet reader ({@code
 * org.apache.iceberg.arrow.vectorized.ArrowReader}).
 *
 * <pre>{@code
 * try (ArrowBatches batches = ArrowScan.of(table)
 *     .select("order_id", "total_amount")
 *     .filter(Expressions.greaterThan("total_amount", new BigDecimal("100.00")))
 *     .useSnapshot(snapshotId)
 *     .open()) {
 *   while (batches.hasNext()) {
 *     VectorSchemaRoot batch = batches.next();   // valid until the next next() or close()
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p><b>Rows:</b> the filter prunes partitions, files and row groups through Iceberg's metrics, and
 * then every remaining row is evaluated against it, so the batches hold exactly the matching rows
 * (Iceberg's vectorized reader alone returns whole row groups). Columns come in table schema order;
 * columns the filter needs but {@link #select} did not name are read and then dropped.
 *
 * <p><b>Types</b> (limits of iceberg-arrow 1.11): boolean, int, long, float, double, decimal up to
 * 18 digits (wider ones are misread by iceberg-arrow, so they are refused) (as Arrow {@code
 * Decimal128}, whatever the Parquet physical type), string, binary, fixed, uuid ({@code
 * FixedSizeBinary(16)}), date ({@code DateDay}), time ({@code TimeMicro}), timestamp and
 * timestamptz (micros, {@code Timestamp(MICROSECOND[, UTC])}), timestamp_ns. Not supported: struct,
 * list, map, variant and geospatial columns, files in formats other than Parquet, and tables whose
 * scan needs delete files (merge-on-read deletes): opening such a scan fails with {@link
 * io.gridata.core.InvalidInputException}. Columns added after a file was written read as nulls;
 * type promotion (int to long) returns the file's type.
 *
 * <p><b>Memory:</b> Arrow buffers are off-heap, from a child of iceberg-arrow's root allocator that
 * {@link ArrowBatches#close()} releases. At most two batches are alive at a time (the one returned
 * and the one {@link ArrowBatches#hasNext()} reads ahead), each about {@code batchSize} rows x the
 * projected columns' widths, plus one filtered copy while a batch is being filtered. On the heap,
 * the Parquet reader holds the compressed column chunks of the projected columns of one row group
 * (up to {@code write.parquet.row-group-size-bytes}, 128 MB by default, usually much less once
 * projected). The plan (one entry per data file) is held in memory; rows never are. On Java 17
 * Arrow needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED}.
 */
public interface ArrowScan {

  /** Default rows per batch. */
  int DEFAULT_BATCH_SIZE = 8192;

  /** A scan of the current snapshot of {@code table}, all columns, no filter. */
  static ArrowScan of(Table table) {
    return new IcebergArrowScan(table);
  }

  /** Reads only these top-level columns. */
  ArrowScan select(String... columns);

  /** Reads only these top-level columns. */
  ArrowScan select(Collection<String> columns);

  /** Returns only rows matching {@code filter} (combined with AND if called again). */
  ArrowScan filter(Expression filter);

  /** Reads snapshot {@code snapshotId} (time travel), with the schema it had. */
  ArrowScan useSnapshot(long snapshotId);

  /** Reads the snapshot a branch or tag points at. */
  ArrowScan useRef(String ref);

  /** Reads the snapshot that was current on {@code main} at {@code time}. */
  ArrowScan asOfTime(Instant time);

  /**
   * Whether column names in {@link #select} and {@link #filter} are case sensitive (default true).
   */
  ArrowScan caseSensitive(boolean caseSensitive);

  /** Maximum rows per batch (default {@value #DEFAULT_BATCH_SIZE}). */
  ArrowScan batchSize(int rows);

  /** Plans the scan and opens the batch stream; close it. */
  ArrowBatches open();
}
