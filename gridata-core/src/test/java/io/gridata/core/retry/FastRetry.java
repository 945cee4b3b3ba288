package io.gridata.core.retry;

import java.time.Duration;

/** Retry policies for tests: real backoff, in milliseconds. */
public final class FastRetry {
  private FastRetry() {}

  /** Up to {@code attempts} attempts, 10 ms doubling to 40 ms. */
  public static RetryPolicy attempts(int attempts) {
    return RetryPolicy.builder()
        .maxAttempts(attempts)
        .initialDelay(Duration.ofMillis(10))
        .maxDelay(Duration.ofMillis(40))
        .multiplier(2)
        .build();
  }
}
