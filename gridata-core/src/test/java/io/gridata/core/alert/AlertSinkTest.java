package io.gridata.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.core.InvalidInputException;
import io.gridata.core.http.Delivery;
import io.gridata.core.http.LoopbackReceiver;
import io.gridata.core.retry.FastRetry;
import io.gridata.core.retry.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the JDK's HTTP server on loopback, standing in for a webhook and for PagerDuty. */
class AlertSinkTest {
  private static final RetryPolicy FAST = FastRetry.attempts(3);
  private static final Alert REFUSED =
      new Alert(
          Alert.Level.ERROR,
          "quality gate refused run r-42",
          "quarantined_at_most_5pct: observed 0.2, expected <= 0.05",
          "ecommerce_orders",
          "r-42",
          Map.of("table", "gridata.ecommerce.orders", "rule", "quarantined_at_most_5pct"),
          Instant.parse("2026-11-27T10:00:00Z"));

  private LoopbackReceiver server;

  @BeforeEach
  void start() throws IOException {
    server = new LoopbackReceiver(202, null);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private URI url(String path) {
    return server.url(path);
  }

  private JsonNode received(int i) throws IOException {
    return new ObjectMapper().readTree(server.requests().get(i).body());
  }

  @Test
  void aWebhookGetsTheAlertAsJson() throws IOException {
    Delivery delivery =
        AlertSink.webhook(url("/alerts"), FAST, Duration.ofSeconds(5)).send(REFUSED);

    assertThat(delivery.delivered()).isTrue();
    JsonNode alert = received(0);
    assertThat(alert.get("level").asText()).isEqualTo("ERROR");
    assertThat(alert.get("title").asText()).isEqualTo("quality gate refused run r-42");
    assertThat(alert.get("pipeline").asText()).isEqualTo("ecommerce_orders");
    assertThat(alert.get("runId").asText()).isEqualTo("r-42");
    assertThat(alert.get("details").get("rule").asText()).isEqualTo("quarantined_at_most_5pct");
    assertThat(alert.get("at").asText()).isEqualTo("2026-11-27T10:00:00Z");
  }

  @Test
  void pagerDutyGetsAnEventsApiV2TriggerAndThrottlingIsRetried() throws IOException {
    server.failNext(1, 429);
    PagerDutyAlertSink sink =
        new PagerDutyAlertSink(url("/v2/enqueue"), "R0UT1NGKEY", FAST, Duration.ofSeconds(5));

    Delivery delivery = sink.send(REFUSED);

    assertThat(delivery.delivered()).isTrue();
    assertThat(delivery.attempts()).isEqualTo(2);
    assertThat(delivery.status()).isEqualTo(202);
    JsonNode event = received(1);
    assertThat(event.get("routing_key").asText()).isEqualTo("R0UT1NGKEY");
    assertThat(event.get("event_action").asText()).isEqualTo("trigger");
    assertThat(event.get("dedup_key").asText())
        .isEqualTo("ecommerce_orders/r-42/quality gate refused run r-42");
    JsonNode payload = event.get("payload");
    assertThat(payload.get("summary").asText()).isEqualTo("quality gate refused run r-42");
    assertThat(payload.get("source").asText()).isEqualTo("ecommerce_orders");
    assertThat(payload.get("severity").asText()).isEqualTo("error");
    assertThat(payload.get("timestamp").asText()).isEqualTo("2026-11-27T10:00:00Z");
    assertThat(payload.get("custom_details").get("run_id").asText()).isEqualTo("r-42");
    assertThat(payload.get("custom_details").get("table").asText())
        .isEqualTo("gridata.ecommerce.orders");
  }

  @Test
  void aFailedDeliveryDoesNotShowTheRoutingKey() {
    server.close();
    Delivery delivery =
        new PagerDutyAlertSink(url("/v2/enqueue"), "R0UT1NGKEY", FAST, Duration.ofSeconds(1))
            .send(REFUSED);

    assertThat(delivery.delivered()).isFalse();
    assertThat(delivery.error())
        .hasValueSatisfying(e -> assertThat(e).doesNotContain("R0UT1NGKEY"));
    assertThatThrownBy(() -> new PagerDutyAlertSink(url("/x"), " ", FAST, Duration.ofSeconds(1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("routing key");
    assertThatThrownBy(
            () -> AlertSink.webhook(URI.create("mailto:x@y"), FAST, Duration.ofSeconds(1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("alert URL mailto:x@y");
  }
}
