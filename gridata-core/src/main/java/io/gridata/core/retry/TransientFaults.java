package io.gridata.core.retry;

import io.gridata.core.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * Decides whether a failure is transient, i.e. worth another attempt: a {@link StorageException}
 * that says so (the raw zone classifies S3 answers: 5xx, 429, throttling codes; see {@code
 * gridata-rawzone}'s {@code S3Faults}), or a client-side I/O failure (connection refused or reset,
 * read timeout, truncated response). Authentication errors, 4xx answers and bad input are not.
 */
public final class TransientFaults {
  private TransientFaults() {}

  /** True when {@code failure} (or a cause) is a transient fault. */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StorageException storage && storage.isTransient()) {
        return true;
      }
      if (isTransientIo(t)) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code t} itself (not its causes) is a transient I/O failure. */
  private static boolean isTransientIo(Throwable t) {
    if (t instanceof SocketException
        || t instanceof SocketTimeoutException
        || t instanceof java.io.EOFException
        || t instanceof java.net.http.HttpTimeoutException) {
      return true;
    }
    if (t instanceof UncheckedIOException && t.getCause() instanceof SocketException) {
      return true;
    }
    return t instanceof IOException io
        && io.getMessage() != null
        && (io.getMessage().contains("Connection reset")
            || io.getMessage().contains("Unexpected end of file")
            || io.getMessage().contains("Premature EOF"));
  }
}
