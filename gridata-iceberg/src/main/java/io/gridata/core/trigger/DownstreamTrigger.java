package io.gridata.core.trigger;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.core.GridataException;
import io.gridata.core.InvalidInputException;
import io.gridata.core.http.Delivery;
import io.gridata.core.http.JsonPost;
import io.gridata.core.retry.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tells downstream systems that a table changed: POSTs a {@link TriggerEvent} as JSON to each
 * configured URL. With a secret, every request carries {@value #SIGNATURE_HEADER}{@code :
 * sha256=<hex>}, the HMAC-SHA256 of the exact body bytes, so a receiver can check that the event
 * came from whoever holds the secret and was not altered. Connection failures, timeouts and answers
 * 408, 429 and 5xx are retried under the {@link RetryPolicy}; other answers are final. {@link
 * #send} never throws for a receiver's failure: each URL's outcome is a {@link Delivery}.
 *
 * <pre>{@code
 * DownstreamTrigger trigger = new DownstreamTrigger(
 *     List.of(URI.create("https://hooks.example.com/orders")), Optional.of(secret),
 *     RetryPolicy.defaults(), Duration.ofSeconds(10));
 * for (Delivery d : trigger.send(new TriggerEvent(table, snapshotId, runId, counts, now))) { ... }
 * }</pre>
 *
 * <p>A receiver verifies with the same secret: {@code hex(HMAC_SHA256(secret, body))} equals the
 * header's value after {@code sha256=}, compared in constant time.
 */
public final class DownstreamTrigger {
  /** The signature header. */
  public static final String SIGNATURE_HEADER = "X-Gridata-Signature";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<URI> urls;
  private final Optional<String> secret;
  private final JsonPost post;

  /**
   * A trigger for {@code urls} (http or https).
   *
   * @param secret the HMAC key; empty to send unsigned events
   * @param policy retries of one URL
   * @param timeout per request
   * @throws InvalidInputException naming a URL that is not absolute http(s), or a blank secret
   */
  public DownstreamTrigger(
      List<URI> urls, Optional<String> secret, RetryPolicy policy, Duration timeout) {
    this.urls = List.copyOf(requireNonNull(urls, "urls is null"));
    this.secret = requireNonNull(secret, "secret is null");
    this.urls.forEach(url -> JsonPost.checkUrl(url, "trigger URL"));
    InvalidInputException.check(
        secret.map(s -> !s.isBlank()).orElse(true),
        "Invalid trigger secret: it is blank; leave it out to send unsigned events");
    this.post = new JsonPost(policy, timeout);
  }

  /** Sends {@code event} to every URL, one after the other; one {@link Delivery} per URL. */
  public List<Delivery> send(TriggerEvent event) {
    byte[] body = body(event);
    List<Delivery> deliveries = new ArrayList<>();
    for (URI url : urls) {
      deliveries.add(deliver(url, body));
    }
    return deliveries;
  }

  /**
   * Sends {@code event} to {@code url}, one of {@link #urls()}.
   *
   * @throws InvalidInputException when {@code url} is not one of this trigger's URLs
   */
  public Delivery send(TriggerEvent event, URI url) {
    requireNonNull(url, "url is null");
    InvalidInputException.check(
        urls.contains(url), "Cannot send to %s: not a URL of this trigger", Delivery.redact(url));
    return deliver(url, body(event));
  }

  /** The receivers, in the order {@link #send(TriggerEvent)} serves them. */
  public List<URI> urls() {
    return urls;
  }

  private static byte[] body(TriggerEvent event) {
    requireNonNull(event, "event is null");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("table", event.table());
    json.put("snapshotId", event.snapshotId());
    json.put("runId", event.runId());
    json.put("counts", new TreeMap<>(event.counts()));
    json.put("at", event.at().toString());
    try {
      return JSON.writeValueAsBytes(json);
    } catch (IOException e) {
      throw new GridataException(e, "Cannot write trigger event of run %s as JSON", event.runId());
    }
  }

  /** {@code sha256=} and the hex HMAC-SHA256 of {@code body} under {@code secret}. */
  public static String sign(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  private Delivery deliver(URI url, byte[] body) {
    return post.post(
        url, body, secret.map(s -> Map.of(SIGNATURE_HEADER, sign(body, s))).orElse(Map.of()));
  }
}
