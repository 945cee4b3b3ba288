package io.gridata.core;

/**
 * A storage backend (S3, the local file system) failed. {@link #isTransient()} tells whether the
 * fault is worth retrying (5xx, throttling, connection reset); the retry policy has already been
 * applied when this reaches a caller.
 */
public class StorageException extends GridataException {
  private static final long serialVersionUID = 1L;

  private final boolean transientFault;

  /** An exception whose message is {@code String.format(message, args)}. */
  public StorageException(boolean transientFault, Throwable cause, String message, Object... args) {
    super(cause, message, args);
    this.transientFault = transientFault;
  }

  /** True when the underlying fault was transient (the retries were exhausted). */
  public boolean isTransient() {
    return transientFault;
  }
}
