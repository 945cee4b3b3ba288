package io.gridata.core.alert;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.core.GridataException;
import io.gridata.core.InvalidInputException;
import io.gridata.core.http.Delivery;
import io.gridata.core.http.JsonPost;
import io.gridata.core.retry.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends alerts to PagerDuty's Events API v2 as {@code trigger} events: {@code routing_key}, {@code
 * event_action}, a {@code dedup_key} of pipeline, run and title (the same alert raised twice is one
 * incident), and a {@code payload} with {@code summary} (the title), {@code source} (the pipeline),
 * {@code severity} ({@code error} or {@code warning}), {@code timestamp} and {@code custom_details}
 * (the message, the run and the details). PagerDuty answers 202; 429 and 5xx are retried. The
 * routing key is a secret: it is in the body only, never in a message.
 */
public final class PagerDutyAlertSink implements AlertSink {
  /** PagerDuty's endpoint. */
  public static final URI EVENTS_API = URI.create("https://events.pagerduty.com/v2/enqueue");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final String routingKey;
  private final JsonPost post;

  /**
   * A sink for the integration with {@code routingKey}, at {@code endpoint} ({@link #EVENTS_API},
   * or a proxy or test server).
   */
  public PagerDutyAlertSink(URI endpoint, String routingKey, RetryPolicy policy, Duration timeout) {
    this.endpoint = requireNonNull(endpoint, "endpoint is null");
    JsonPost.checkUrl(endpoint, "PagerDuty endpoint");
    InvalidInputException.check(
        routingKey != null && !routingKey.isBlank(),
        "Invalid PagerDuty routing key: it is empty; take it from the service's Events API v2"
            + " integration");
    this.routingKey = routingKey;
    this.post = new JsonPost(policy, timeout);
  }

  @Override
  public Delivery send(Alert alert) {
    Map<String, Object> details = new TreeMap<>(alert.details());
    details.put("message", alert.message());
    details.put("run_id", alert.runId());
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("summary", alert.title());
    payload.put("source", alert.pipeline());
    payload.put("severity", alert.level() == Alert.Level.ERROR ? "error" : "warning");
    payload.put("timestamp", alert.at().toString());
    payload.put("custom_details", details);
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("routing_key", routingKey);
    event.put("event_action", "trigger");
    event.put("dedup_key", alert.pipeline() + "/" + alert.runId() + "/" + alert.title());
    event.put("payload", payload);
    try {
      return post.post(endpoint, JSON.writeValueAsBytes(event), Map.of());
    } catch (IOException e) {
      throw new GridataException(e, "Cannot write alert of run %s as JSON", alert.runId());
    }
  }
}
