package io.gridata.core;

/** A file, object, table or snapshot that an operation needs does not exist. */
public class NotFoundException extends GridataException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message is {@code String.format(message, args)}. */
  public NotFoundException(String message, Object... args) {
    super(message, args);
  }

  /** An exception with a cause whose message is {@code String.format(message, args)}. */
  public NotFoundException(Throwable cause, String message, Object... args) {
    super(cause, message, args);
  }
}
