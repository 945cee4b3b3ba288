package io.gridata.lineage;

import com.linkedin.mxe.MetadataChangeProposal;
import java.nio.file.Path;

/**
 * Where metadata change proposals go: a JSON file ({@link FileSink}) or DataHub's REST API ({@link
 * RestSink}). Implementations are thread-safe.
 *
 * <p>The {@link LineagePublisher} calls {@link #send} for each proposal of a run, then {@link
 * #flush}; a {@link LineageSinkException} from either says whether retrying may help.
 */
public interface LineageSink extends AutoCloseable {

  /**
   * Writes one proposal (or buffers it until {@link #flush}).
   *
   * @throws LineageSinkException if it cannot be written
   */
  void send(MetadataChangeProposal proposal);

  /**
   * Makes everything sent so far durable.
   *
   * @throws LineageSinkException if it cannot
   */
  default void flush() {}

  /** Where this sink writes, for messages, e.g. {@code file /tmp/lineage.json}. */
  String describe();

  /** Flushes and releases resources. */
  @Override
  void close();

  /** A {@link FileSink} appending to {@code file}. */
  static LineageSink file(Path file) {
    return FileSink.open(file, FileSink.Mode.APPEND);
  }

  /** A {@link RestSink} to a DataHub GMS server. */
  static LineageSink rest(RestSinkConfig config) {
    return new RestSink(config);
  }
}
