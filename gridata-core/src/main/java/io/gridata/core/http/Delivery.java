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

  /** True when the receiver answered 2xx. */
  public boolean delivered() {
    return error.isEmpty();
  }
}
