package io.gridata.core;

/**
 * An argument, key or configuration value was rejected before any work was done (a raw-zone key
 * with {@code ..}, a negative size limit, an unknown URI scheme). Fix the input; retrying cannot
 * help.
 */
public class InvalidInputException extends GridataException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message is {@code String.format(message, args)}. */
  public InvalidInputException(String message, Object... args) {
    super(message, args);
  }

  /** Checks {@code condition} and throws an {@code InvalidInputException} when it is false. */
  public static void check(boolean condition, String message, Object... args) {
    if (!condition) {
      throw new InvalidInputException(message, args);
    }
  }
}
