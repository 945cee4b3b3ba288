package io.gridata.samples.cli;

import io.gridata.core.InvalidInputException;
import io.gridata.core.alert.AlertSink;
import io.gridata.core.alert.EmailAlertSink;
import io.gridata.core.retry.RetryPolicy;
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
 * Where a command's alerts go ({@code ingest} and {@code stream}): webhooks, email, PagerDuty. The
 * sinks are built (and their settings checked) before Spark starts.
 */
class AlertOptions {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--alert-url",
      paramLabel = "URL",
      description =
          "POST alerts as JSON to URL (repeatable). ingest: an error when the gate refuses,"
              + " every file is rejected or a step fails, a warning per rejected file and per"
              + " failed warn rule. stream: an error when the query fails or an error rule fails"
              + " on a micro-batch, a warning per failed warn rule.")
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

  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
