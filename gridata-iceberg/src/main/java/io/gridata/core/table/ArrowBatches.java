package io.gridata.core.table;

import java.util.Iterator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;

/**
 * A stream of Arrow record batches from {@link ArrowScan#open()}. Batches are never empty.
 *
 * <p>Each {@link VectorSchemaRoot} returned by {@link #next()} is owned by this stream and stays
 * valid until the following {@link #next()} or {@link #close()}, which release it. To keep a batch
 * longer, transfer its vectors to your own allocator ({@code
 * vector.getTransferPair(allocator).transfer()}). Not thread safe.
 */
public interface ArrowBatches extends Iterator<VectorSchemaRoot>, AutoCloseable {

  /** The Iceberg schema of the batches (the projection). */
  Schema schema();

  /** The id of the snapshot being read, or {@code null} for a table without snapshots. */
  Long snapshotId();

  /** Rows returned so far. */
  long rowCount();

  /** Batches returned so far. */
  long batchCount();

  /** Releases the current batch, the read-ahead batch, open files and all Arrow memory. */
  @Override
  void close();
}
