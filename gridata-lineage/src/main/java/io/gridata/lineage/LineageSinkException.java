package io.gridata.lineage;

/**
 * A sink could not write a proposal. {@link #retryable()} says whether sending it again may succeed
 * (a timeout, a refused connection, HTTP 429/500/502/503/504, an I/O error) or not (HTTP 400, 401,
 * 403, 404: the request or the credentials are wrong).
 */
public class LineageSinkException extends LineageException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  /** A failure; {@code retryable} says whether a later attempt may succeed. */
  public LineageSinkException(boolean retryable, String message, Object... args) {
    super(message, args);
    this.retryable = retryable;
  }

  /** A failure with a cause; {@code retryable} says whether a later attempt may succeed. */
  public LineageSinkException(boolean retryable, Throwable cause, String message, Object... args) {
    super(cause, message, args);
    this.retryable = retryable;
  }

  /** Whether sending the same proposal again may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
