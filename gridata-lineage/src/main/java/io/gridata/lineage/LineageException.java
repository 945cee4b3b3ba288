package io.gridata.lineage;

import io.gridata.core.GridataException;

/** Root of the unchecked exceptions thrown by the lineage module; a {@link GridataException}. */
public class LineageException extends GridataException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message is {@code String.format(message, args)}. */
  public LineageException(String message, Object... args) {
    super(message, args);
  }

  /** An exception with a cause, whose message is {@code String.format(message, args)}. */
  public LineageException(Throwable cause, String message, Object... args) {
    super(cause, message, args);
  }
}
