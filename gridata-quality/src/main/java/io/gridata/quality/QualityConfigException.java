package io.gridata.quality;

import io.gridata.core.InvalidInputException;

/**
 * A rule or suite definition was rejected (a YAML file with an unknown field, a rule without a
 * column, bounds the wrong way round). The message names the source, line and field. Fix the
 * definition; nothing was evaluated.
 */
public class QualityConfigException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message is {@code String.format(message, args)}. */
  public QualityConfigException(String message, Object... args) {
    super(message, args);
  }

  /** Throws a {@code QualityConfigException} when {@code condition} is false. */
  public static void check(boolean condition, String message, Object... args) {
    if (!condition) {
      throw new QualityConfigException(message, args);
    }
  }
}
