package io.gridata.core;

import java.util.Locale;

/**
 * Root of the exceptions Gridata throws for everything but a caller's programming mistake (a null
 * or out-of-domain argument of a Java API call is a {@code NullPointerException} or {@code
 * IllegalArgumentException}, as in Iceberg; ARCHITECTURE.md states the rule). Unchecked, with a
 * format-string message in the style of Iceberg's {@code ValidationException}: {@code new
 * GridataException("Cannot land %s: %s", key, reason)}. Messages say what failed, on which input,
 * and what to do.
 */
public class GridataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message is {@code String.format(message, args)}. */
  public GridataException(String message, Object... args) {
    super(format(message, args));
  }

  /** An exception with a cause whose message is {@code String.format(message, args)}. */
  public GridataException(Throwable cause, String message, Object... args) {
    super(format(message, args), cause);
  }

  private static String format(String message, Object... args) {
    if (args == null || args.length == 0) {
      return message;
    }
    return String.format(Locale.ROOT, message, args);
  }
}
