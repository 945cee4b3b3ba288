package io.gridata.streaming;

import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/**
 * Adds the rows Spark's stateful de-duplication dropped as older than the watermark ({@code
 * numRowsDroppedByWatermark}) to {@link StreamCounters#lateEvents()}, per progress of the job's
 * query.
 */
final class LateEventListener extends StreamingQueryListener {
  private final String queryName;
  private final StreamCounters counters;

  LateEventListener(String queryName, StreamCounters counters) {
    this.queryName = queryName;
    this.counters = counters;
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    if (!queryName.equals(event.progress().name())) {
      return;
    }
    for (StateOperatorProgress operator : event.progress().stateOperators()) {
      counters.lateEvents.addAndGet(operator.numRowsDroppedByWatermark());
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}
}
