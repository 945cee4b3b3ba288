package io.gridata.core.alert;

import io.gridata.core.http.Delivery;
import io.gridata.core.retry.RetryPolicy;
import java.net.URI;
import java.time.Duration;

/** Where alerts go. Implementations never throw for a receiver's failure: see {@link Delivery}. */
public interface AlertSink {
  /** Sends {@code alert}. */
  Delivery send(Alert alert);

  /** A generic JSON webhook (see {@link WebhookAlertSink}). */
  static AlertSink webhook(URI url, RetryPolicy policy, Duration timeout) {
    return new WebhookAlertSink(url, policy, timeout);
  }

  /** PagerDuty's Events API v2 (see {@link PagerDutyAlertSink}). */
  static AlertSink pagerDuty(String routingKey, RetryPolicy policy, Duration timeout) {
    return new PagerDutyAlertSink(PagerDutyAlertSink.EVENTS_API, routingKey, policy, timeout);
  }
}
