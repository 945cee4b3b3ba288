package io.gridata.core.trigger;

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
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server in this JVM (the JDK's), on loopback. */
class DownstreamTriggerTest {
  private static final RetryPolicy FAST = FastRetry.attempts(3);
  private static final TriggerEvent EVENT =
      new TriggerEvent(
          "gridata.ecommerce.orders",
          42L,
          "run-7",
          Map.of("rows_written", 990L, "rows_quarantined", 10L),
          Instant.parse("2026-11-27T10:00:00Z"));

  private LoopbackReceiver server;

  @BeforeEach
  void start() throws IOException {
    server = new LoopbackReceiver(204, DownstreamTrigger.SIGNATURE_HEADER);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private URI url(String path) {
    return server.url(path);
  }

  @Test
  void postsTheEventToEveryUrlSignedWithTheSecret() throws Exception {
    DownstreamTrigger trigger =
        new DownstreamTrigger(
            List.of(url("/a"), url("/b")), Optional.of("s3cret"), FAST, Duration.ofSeconds(5));

    List<Delivery> deliveries = trigger.send(EVENT);

    assertThat(deliveries).allSatisfy(d -> assertThat(d.delivered()).isTrue());
    assertThat(deliveries).extracting(Delivery::status).containsExactly(204, 204);
    assertThat(server.requests())
        .extracting(LoopbackReceiver.Request::path)
        .containsExactly("/a", "/b");
    LoopbackReceiver.Request first = server.requests().get(0);
    JsonNode json = new ObjectMapper().readTree(first.body());
    assertThat(json.get("table").asText()).isEqualTo("gridata.ecommerce.orders");
    assertThat(json.get("snapshotId").asLong()).isEqualTo(42L);
    assertThat(json.get("runId").asText()).isEqualTo("run-7");
    assertThat(json.get("counts").get("rows_written").asLong()).isEqualTo(990L);
    assertThat(json.get("at").asText()).isEqualTo("2026-11-27T10:00:00Z");
    // the receiver's check, done independently with the JDK's Mac
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(first.body()));
    assertThat(
            MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8),
                first.header().getBytes(StandardCharsets.UTF_8)))
        .isTrue();
    assertThat(first.header()).doesNotContain("s3cret");
  }

  @Test
  void retriesServerErrorsButNotOtherRefusals() {
    DownstreamTrigger trigger =
        new DownstreamTrigger(List.of(url("/hook")), Optional.empty(), FAST, Duration.ofSeconds(5));

    server.failNext(2, 503);
    Delivery retried = trigger.send(EVENT).get(0);
    assertThat(retried.delivered()).isTrue();
    assertThat(retried.attempts()).isEqualTo(3);
    assertThat(server.requests()).extracting(LoopbackReceiver.Request::header).containsOnlyNulls();

    server.failNext(5, 503);
    Delivery exhausted = trigger.send(EVENT).get(0);
    assertThat(exhausted.delivered()).isFalse();
    assertThat(exhausted.attempts()).isEqualTo(3);
    assertThat(exhausted.status()).isEqualTo(503);
    assertThat(exhausted.error()).hasValueSatisfying(e -> assertThat(e).contains("HTTP 503"));

    server.failNext(1, 400);
    Delivery refused = trigger.send(EVENT).get(0);
    assertThat(refused.delivered()).isFalse();
    assertThat(refused.attempts()).as("a 400 is final").isEqualTo(1);
    assertThat(refused.error()).hasValueSatisfying(e -> assertThat(e).contains("HTTP 400"));
  }

  @Test
  void anUnreachableReceiverIsReportedAfterTheRetries() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    DownstreamTrigger trigger =
        new DownstreamTrigger(
            List.of(URI.create("http://127.0.0.1:" + closedPort + "/x"), url("/ok")),
            Optional.empty(),
            FAST,
            Duration.ofSeconds(2));

    List<Delivery> deliveries = trigger.send(EVENT);

    assertThat(deliveries.get(0).delivered()).isFalse();
    assertThat(deliveries.get(0).status()).isEqualTo(-1);
    assertThat(deliveries.get(0).attempts()).isEqualTo(3);
    assertThat(deliveries.get(0).error())
        .hasValueSatisfying(e -> assertThat(e).contains("no answer"));
    assertThat(deliveries.get(1).delivered()).as("the next URL still gets it").isTrue();
  }

  @Test
  void badUrlsAndBlankSecretsAreRefusedWithTheirValue() {
    assertThatThrownBy(
            () ->
                new DownstreamTrigger(
                    List.of(URI.create("ftp://host/x")),
                    Optional.empty(),
                    FAST,
                    Duration.ofSeconds(1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("ftp://host/x");
    assertThatThrownBy(
            () ->
                new DownstreamTrigger(
                    List.of(url("/a")), Optional.of(" "), FAST, Duration.ofSeconds(1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("secret");
  }
}
