package io.gridata.samples.cli;

import io.gridata.core.metrics.RunMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/**
 * Rewrites a streaming query's metrics file after each of its micro-batches ({@code gridata stream
 * --metrics-file}). Listeners run in the order they were added, so the job's own meters are already
 * up to date when this one writes.
 */
final class MetricsFileWriter extends StreamingQueryListener {
  private final UUID queryId;
  private final RunMetrics metrics;
  private final Path file;

  MetricsFileWriter(UUID queryId, RunMetrics metrics, Path file) {
    this.queryId = queryId;
    this.metrics = metrics;
    this.file = file;
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    if (!queryId.equals(event.progress().id())) {
      return;
    }
    try {
      metrics.writeTo(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the metrics file " + file, e);
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}
}
