package io.gridata.core.rawzone;

import java.time.Duration;

/** Waits; injectable so that tests advance a fake clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  /** Waits for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;

  /** The real thing: {@link Thread#sleep(long)}. */
  static Sleeper system() {
    return duration -> Thread.sleep(duration.toMillis());
  }
}
