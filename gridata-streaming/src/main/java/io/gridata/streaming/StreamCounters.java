package io.gridata.streaming;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Running totals of one streaming job since it started in this JVM (they restart at zero with the
 * JVM; the tables and their snapshot summaries are the durable record).
 */
public final class StreamCounters {
  final AtomicLong batchesCommitted = new AtomicLong();
  final AtomicLong batchesSkipped = new AtomicLong();
  final AtomicLong rowsWritten = new AtomicLong();
  final AtomicLong rowsQuarantined = new AtomicLong();
  final AtomicLong lateEvents = new AtomicLong();
  final AtomicLong compactions = new AtomicLong();
  // oldest valid event time per written micro-batch, until the progress listener reads it
  private final ConcurrentSkipListMap<Long, Instant> oldestEvents = new ConcurrentSkipListMap<>();

  /** Micro-batches this job committed (to either table). */
  public long batchesCommitted() {
    return batchesCommitted.get();
  }

  /** Replayed micro-batches found already committed to the table and not written again. */
  public long batchesSkipped() {
    return batchesSkipped.get();
  }

  /** Rows appended to the table. */
  public long rowsWritten() {
    return rowsWritten.get();
  }

  /** Rows appended to the quarantine table. */
  public long rowsQuarantined() {
    return rowsQuarantined.get();
  }

  /**
   * Events older than the watermark when they arrived: Spark's de-duplication cannot tell them from
   * duplicates any more and drops them; this counts them ({@code numRowsDroppedByWatermark} of the
   * query's progress).
   */
  public long lateEvents() {
    return lateEvents.get();
  }

  /** Compactions (rewriteDataFiles) run. */
  public long compactions() {
    return compactions.get();
  }

  /** Records the oldest valid event time of micro-batch {@code batchId}. */
  void oldestEvent(long batchId, Instant eventTime) {
    oldestEvents.put(batchId, eventTime);
    while (oldestEvents.size() > 100) { // a listener that never reads: keep the latest only
      oldestEvents.pollFirstEntry();
    }
  }

  /**
   * The oldest valid event time of micro-batch {@code batchId}, if the writer recorded one; forgets
   * it and every earlier batch's.
   */
  Optional<Instant> takeOldestEvent(long batchId) {
    Instant oldest = oldestEvents.get(batchId);
    oldestEvents.headMap(batchId, true).clear();
    return Optional.ofNullable(oldest);
  }

  @Override
  public String toString() {
    return String.format(
        "StreamCounters{batchesCommitted=%d, batchesSkipped=%d, rowsWritten=%d,"
            + " rowsQuarantined=%d, lateEvents=%d, compactions=%d}",
        batchesCommitted(),
        batchesSkipped(),
        rowsWritten(),
        rowsQuarantined(),
        lateEvents(),
        compactions());
  }
}
