package io.gridata.samples.cli;

import io.gridata.core.InvalidInputException;
import io.gridata.core.alert.AlertSink;
import io.gridata.core.alert.EmailAlertSink;
import io.gridata.core.retry.RetryPolicy;
import io.gridata.core.trigger.DownstreamTrigger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Who hears of a run: the downstream trigger after a publish and the alert sinks. Both are built
 * (and their settings checked) before Spark starts.
 */
final class NotifyOptions {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--trigger-url",
      paramLabel = "URL",
      description =
          "After a publish, POST a JSON event (table, snapshot, run, counts) to URL (repeatable);"
              + " signed with HMAC-SHA256 when $GRIDATA_TRIGGER_SECRET is set.")
  List<URI> triggerUrls;

  @Option(
      names = "--alert-url",
      paramLabel = "URL",
      description =
          "POST alerts as JSON to URL (repeatable): an error when the gate refuses, every file"
              + " is rejected or a step fails, a warning per rejected file and per failed warn"
              + " rule.")
  List<URI> alertUrls;

  @Option(
      names = "--alert-email",
      paramLabel = "ADDRESS",
      description =
          "Also email alerts to ADDRESS (repeatable) over SMTP: $GRIDATA_SMTP_HOST,"
              + " $GRIDATA_SMTP_PORT (587), $GRIDATA_SMTP_STARTTLS (true), $GRIDATA_SMTP_FROM,"
              + " and $GRIDATA_SMTP_USER with $GRIDATA_SMTP_PASSWORD if the server wants a login.")
  List<String> alertEmails;

  @Option(
      names = "--alert-pagerduty",
      description =
          "Also send alerts to PagerDuty's Events API v2 with the routing key in"
              + " $GRIDATA_PAGERDUTY_ROUTING_KEY.")
  boolean alertPagerDuty;

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

  /** The sinks of the alert options; a usage error names the option or variable that is wrong. */
  List<AlertSink> alertSinks() {
    List<AlertSink> sinks = new ArrayList<>();
    try {
      for (URI url : alertUrls == null ? List.<URI>of() : alertUrls) {
        sinks.add(AlertSink.webhook(url, RetryPolicy.defaults(), TIMEOUT));
      }
    } catch (InvalidInputException e) {
      throw usage("--alert-url: " + e.getMessage());
    }
    if (alertEmails != null && !alertEmails.isEmpty()) {
      sinks.add(emailSink(System.getenv()));
    }
    if (alertPagerDuty) {
      String key = System.getenv("GRIDATA_PAGERDUTY_ROUTING_KEY");
      if (key == null || key.isBlank()) {
        throw usage("--alert-pagerduty needs the routing key in $GRIDATA_PAGERDUTY_ROUTING_KEY");
      }
      sinks.add(AlertSink.pagerDuty(key, RetryPolicy.defaults(), TIMEOUT));
    }
    return sinks;
  }

  private AlertSink emailSink(Map<String, String> env) {
    String host = env.get("GRIDATA_SMTP_HOST");
    String from = env.get("GRIDATA_SMTP_FROM");
    if (host == null || from == null) {
      throw usage("--alert-email needs $GRIDATA_SMTP_HOST and $GRIDATA_SMTP_FROM");
    }
    try {
      return new EmailAlertSink(
          new EmailAlertSink.Settings(
              host,
              Integer.parseInt(env.getOrDefault("GRIDATA_SMTP_PORT", "587")),
              Boolean.parseBoolean(env.getOrDefault("GRIDATA_SMTP_STARTTLS", "true")),
              Optional.ofNullable(env.get("GRIDATA_SMTP_USER")),
              Optional.ofNullable(env.get("GRIDATA_SMTP_PASSWORD")),
              from,
              alertEmails,
              TIMEOUT),
          RetryPolicy.defaults());
    } catch (NumberFormatException e) {
      throw usage("--alert-email: $GRIDATA_SMTP_PORT is not a number");
    } catch (InvalidInputException e) {
      throw usage("--alert-email: " + e.getMessage());
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
