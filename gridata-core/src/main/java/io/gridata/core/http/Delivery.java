package io.gridata.core.http;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * The outcome of sending one event to one URL.
 *
 * @param url where it was sent
 * @param status the last HTTP status received, or -1 when no response came (connection refused,
 *     timeout)
 * @param attempts how many times it was sent
 * @param error why it was not delivered; empty when it was (a 2xx answer)
 */
public record Delivery(URI url, int status, int attempts, Optional<String> error) {
  /** Validates. */
  public Delivery {
    requireNonNull(url, "url is null");
    requireNonNull(error, "error is null");
  }

  /** {@link #redact} of {@link #url}: what logs, summaries and reports show. */
  public String target() {
    return redact(url);
  }

  /**
   * {@code url} without what may be a secret: user info, query and fragment dropped, and of the
   * path only the first segment kept ({@code https://hooks.example.com/services/...}), since
   * webhook URLs often carry their token in the path.
   */
  public static String redact(URI url) {
    requireNonNull(url, "url is null");
    StringBuilder shown = new StringBuilder();
    shown.append(url.getScheme()).append("://").append(url.getHost());
    if (url.getPort() >= 0) {
      shown.append(':').append(url.getPort());
    }
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    int second = path.indexOf('/', 1);
    shown.append(second < 0 ? path : path.substring(0, second) + "/...");
    if (url.getRawQuery() != null) {
      shown.append("?...");
    }
    return shown.toString();
  }

  /** True when the receiver answered 2xx. */
  public boolean delivered() {
    return error.isEmpty();
  }
}
