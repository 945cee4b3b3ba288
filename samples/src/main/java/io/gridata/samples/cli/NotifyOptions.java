package io.gridata.samples.cli;

import io.gridata.core.InvalidInputException;
import io.gridata.core.retry.RetryPolicy;
import io.gridata.core.trigger.DownstreamTrigger;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Who hears of an ingest run: the downstream trigger after a publish, and the alert sinks of {@link
 * AlertOptions}. Both are built (and their settings checked) before Spark starts.
 */
final class NotifyOptions extends AlertOptions {
  @Option(
      names = "--trigger-url",
      paramLabel = "URL",
      description =
          "After a publish, POST a JSON event (table, snapshot, run, counts) to URL (repeatable);"
              + " signed with HMAC-SHA256 when $GRIDATA_TRIGGER_SECRET is set.")
  List<URI> triggerUrls;

  /** The trigger of the {@code --trigger-url}s, if any; a usage error for a bad URL. */
  Optional<DownstreamTrigger> trigger() {
    if (triggerUrls == null || triggerUrls.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new DownstreamTrigger(
              triggerUrls,
              Optional.ofNullable(System.getenv("GRIDATA_TRIGGER_SECRET")),
              RetryPolicy.defaults(),
              TIMEOUT));
    } catch (InvalidInputException e) {
      throw usage("--trigger-url: " + e.getMessage());
    }
  }
}
