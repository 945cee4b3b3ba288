package io.gridata.core.alert;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.core.GridataException;
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
 * POSTs each alert as JSON: {@code {"level", "title", "message", "pipeline", "runId", "details",
 * "at"}} (details sorted by name, {@code at} in ISO-8601), retried like a trigger ({@link
 * JsonPost}).
 */
public final class WebhookAlertSink implements AlertSink {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final JsonPost post;

  /** A sink POSTing to {@code url} (absolute http or https). */
  public WebhookAlertSink(URI url, RetryPolicy policy, Duration timeout) {
    this.url = requireNonNull(url, "url is null");
    JsonPost.checkUrl(url, "alert URL");
    this.post = new JsonPost(policy, timeout);
  }

  @Override
  public Delivery send(Alert alert) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("level", alert.level().name());
    json.put("title", alert.title());
    json.put("message", alert.message());
    json.put("pipeline", alert.pipeline());
    json.put("runId", alert.runId());
    json.put("details", new TreeMap<>(alert.details()));
    json.put("at", alert.at().toString());
    try {
      return post.post(url, JSON.writeValueAsBytes(json), Map.of());
    } catch (IOException e) {
      throw new GridataException(e, "Cannot write alert of run %s as JSON", alert.runId());
    }
  }
}
