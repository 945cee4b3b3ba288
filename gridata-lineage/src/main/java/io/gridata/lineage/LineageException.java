package io.gridata.lineage;

/** Root of the unchecked exceptions thrown by the lineage module. */
public class LineageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message is {@code String.format(message, args)}. */
  public LineageException(String message, Object... args) {
    super(args.length == 0 ? message : String.format(message, args));
  }

  /** An exception with a cause, whose message is {@code String.format(message, args)}. */
  public LineageException(Throwable cause, String message, Object... args) {
    super(args.length == 0 ? message : String.format(message, args), cause);
  }
}
