package io.gridata.samples.cli;

import io.gridata.core.InvalidInputException;
import io.gridata.core.rawzone.RawZoneSensor;
import io.gridata.core.retry.RetryPolicy;
import io.gridata.pipeline.IngestPipeline.FileWait;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --wait} and its timing: wait for the day's files with gridata-rawzone's {@link
 * RawZoneSensor}.
 */
final class WaitOptions {
  /** How long {@code --wait} waits by default. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  /** How often {@code --wait} lists the day by default. */
  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--wait",
      description =
          "Before ingesting, wait until a file lands in the day's partition: list it every"
              + " --poll-interval until --wait-timeout passes (then exit 1, nothing ingested).")
  boolean wait;

  @Option(
      names = "--wait-timeout",
      paramLabel = "DURATION",
      description = "How long --wait waits, e.g. 30m, 90s, 2h or PT2H (default 30m).")
  String timeout;

  @Option(
      names = "--poll-interval",
      paramLabel = "DURATION",
      description = "How often --wait lists the day (default 30s).")
  String pollInterval;

  /**
   * The wait, empty without {@code --wait}; a usage error names the option when a duration is
   * malformed or given without {@code --wait}.
   */
  Optional<FileWait> resolve() {
    if (!wait) {
      if (timeout != null || pollInterval != null) {
        throw usage("--wait-timeout and --poll-interval go with --wait");
      }
      return Optional.empty();
    }
    Duration total = duration("--wait-timeout", timeout, DEFAULT_TIMEOUT);
    Duration poll = duration("--poll-interval", pollInterval, DEFAULT_POLL_INTERVAL);
    if (total.isNegative()) {
      throw usage("--wait-timeout must not be negative, got '" + timeout + "'");
    }
    if (poll.isNegative() || poll.isZero()) {
      throw usage("--poll-interval must be positive, got '" + pollInterval + "'");
    }
    return Optional.of(new FileWait(total, poll));
  }

  private Duration duration(String option, String value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      return RetryPolicy.parseDuration(option, value);
    } catch (InvalidInputException e) {
      throw usage(e.getMessage());
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
