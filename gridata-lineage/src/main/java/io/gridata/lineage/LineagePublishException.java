package io.gridata.lineage;

import static java.util.Objects.requireNonNull;

/** Thrown by a strict {@link LineagePublisher} when a publication did not fully succeed. */
public class LineagePublishException extends LineageException {
  private static final long serialVersionUID = 1L;

  private final transient PublishResult result;

  /** A failure described by {@code result}. */
  public LineagePublishException(PublishResult result) {
    super(
        "Cannot publish lineage: %s of %s proposals sent (%s). Check the sink configuration, or "
            + "disable strict mode to report lineage failures without failing the pipeline",
        requireNonNull(result, "result is null").sent(),
        result.proposals(),
        result.error().orElse("unknown error"));
    this.result = result;
  }

  /** What was and was not published. */
  public PublishResult result() {
    return result;
  }
}
