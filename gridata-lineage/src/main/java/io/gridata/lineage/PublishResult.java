package io.gridata.lineage;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link LineagePublisher#publish} call achieved. A lenient publisher returns it instead of
 * throwing, so that a pipeline can log or alert on lineage failures without failing.
 *
 * @param sink where the proposals went ({@link LineageSink#describe()})
 * @param proposals how many proposals the run lineage mapped to
 * @param sent how many were written and flushed
 * @param attempts how many write attempts were made, retries included
 * @param elapsed how long publishing took
 * @param failure why publishing stopped, or {@code null} on success
 */
public record PublishResult(
    String sink, int proposals, int sent, int attempts, Duration elapsed, String failure) {

  /** Validates the parts. */
  public PublishResult {
    requireNonNull(sink, "sink is null");
    requireNonNull(elapsed, "elapsed is null");
  }

  /** Whether every proposal was written and flushed. */
  public boolean success() {
    return failure == null && sent == proposals;
  }

  /** Why publishing failed, if it did. */
  public Optional<String> error() {
    return Optional.ofNullable(failure);
  }
}
