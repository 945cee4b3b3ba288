package io.gridata.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestSinkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DataHubSchemaValidator VALIDATOR = new DataHubSchemaValidator();

  private FakeGms gms;

  @BeforeEach
  void start() throws Exception {
    gms = new FakeGms();
  }

  @AfterEach
  void stop() {
    gms.close();
  }

  private LineagePublisher publisher(boolean strict, Duration timeout) {
    RestSinkConfig config =
        RestSinkConfig.builder(gms.url() + "/")
            .token("secret-token")
            .timeout(timeout)
            .header("X-Team", "data")
            .build();
    return LineagePublisher.builder(LineageSink.rest(config))
        .strict(strict)
        .maxAttempts(4)
        .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
        .build();
  }

  @Test
  void postsEveryProposalToIngestProposalWithHeadersAndBearerToken() throws Exception {
    RunLineage lineage = Fixtures.run(RunStatus.SUCCESS);
    PublishResult result;
    try (LineagePublisher publisher = publisher(true, Duration.ofSeconds(10))) {
      result = publisher.publish(lineage);
      assertThat(result.proposals()).isEqualTo(publisher.proposals(lineage).size());
    }

    assertThat(result.success()).isTrue();
    assertThat(result.sent()).isEqualTo(result.proposals());
    List<FakeGms.Request> requests = gms.requests();
    assertThat(requests).hasSize(result.proposals());
    for (FakeGms.Request request : requests) {
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/aspects");
      assertThat(request.query()).isEqualTo("action=ingestProposal");
      assertThat(request.header("Authorization")).isEqualTo("Bearer secret-token");
      assertThat(request.header("Content-Type")).startsWith("application/json");
      assertThat(request.header("X-RestLi-Protocol-Version")).isEqualTo("2.0.0");
      assertThat(request.header("X-Team")).isEqualTo("data");
      JsonNode body = JSON.readTree(request.body());
      assertThat(body.fieldNames()).toIterable().containsExactly("proposal");
      assertThat(VALIDATOR.validate(JSON.writeValueAsString(body.get("proposal")))).isEmpty();
    }
  }

  @Test
  void retriesOn429And500And503ThenSucceeds() {
    gms.answer(503, "{\"message\":\"unavailable\"}");
    gms.answer(429, "{\"message\":\"slow down\"}");
    gms.answer(500, "{\"message\":\"boom\"}");
    RunLineage lineage = Fixtures.run(RunStatus.SUCCESS);

    PublishResult result;
    try (LineagePublisher publisher = publisher(true, Duration.ofSeconds(10))) {
      result = publisher.publish(lineage);
    }

    assertThat(result.success()).isTrue();
    assertThat(result.attempts()).isEqualTo(result.proposals() + 3);
    List<FakeGms.Request> requests = gms.requests();
    assertThat(requests).hasSize(result.proposals() + 3);
    // the first proposal was sent four times, identically
    assertThat(requests.subList(0, 4))
        .extracting(FakeGms.Request::body)
        .containsOnly(requests.get(0).body());
  }

  @Test
  void aRejectedTokenIsReportedAtOnceWithoutRetries() {
    gms.answer(401, "{\"message\":\"Unauthorized\"}");

    PublishResult result;
    try (LineagePublisher publisher = publisher(false, Duration.ofSeconds(10))) {
      result = publisher.publish(Fixtures.run(RunStatus.SUCCESS));
    }

    assertThat(result.success()).isFalse();
    assertThat(result.sent()).isZero();
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.error())
        .get()
        .asString()
        .contains("HTTP 401")
        .contains("Unauthorized")
        .contains("access token");
    assertThat(gms.requests()).hasSize(1);
  }

  @Test
  void aPersistentServerErrorIsReportedNotThrownByDefault() {
    for (int i = 0; i < 4; i++) {
      gms.answer(500, "{\"message\":\"down\"}");
    }

    PublishResult result;
    try (LineagePublisher publisher = publisher(false, Duration.ofSeconds(10))) {
      result = publisher.publish(Fixtures.run(RunStatus.SUCCESS));
    }

    assertThat(result.success()).isFalse();
    assertThat(result.attempts()).isEqualTo(4);
    assertThat(result.error()).get().asString().contains("HTTP 500");
    assertThat(gms.requests()).hasSize(4);
  }

  @Test
  void strictModeMakesAFailedPublicationFatal() {
    for (int i = 0; i < 4; i++) {
      gms.answer(503, "{}");
    }

    try (LineagePublisher publisher = publisher(true, Duration.ofSeconds(10))) {
      assertThatThrownBy(() -> publisher.publish(Fixtures.run(RunStatus.SUCCESS)))
          .isInstanceOf(LineagePublishException.class)
          .hasMessageContaining("HTTP 503")
          .satisfies(e -> assertThat(((LineagePublishException) e).result().sent()).isZero());
    }
  }

  @Test
  void aServerThatDoesNotAnswerInTimeIsAFailure() {
    for (int i = 0; i < 4; i++) {
      gms.answerLate(4_000);
    }

    long start = System.nanoTime();
    PublishResult result;
    try (LineagePublisher publisher = publisher(false, Duration.ofSeconds(1))) {
      result = publisher.publish(Fixtures.run(RunStatus.SUCCESS));
    }

    assertThat(result.success()).isFalse();
    assertThat(result.attempts()).isEqualTo(4);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void anUnreachableServerIsReportedWithItsAddress() {
    String url = gms.url();
    gms.close();

    PublishResult result;
    try (LineagePublisher publisher =
        LineagePublisher.builder(LineageSink.rest(RestSinkConfig.builder(url).build()))
            .backoff(Duration.ofMillis(10), Duration.ofMillis(20))
            .build()) {
      result = publisher.publish(Fixtures.run(RunStatus.SUCCESS));
    }

    assertThat(result.success()).isFalse();
    assertThat(result.attempts()).isEqualTo(4);
    assertThat(result.error()).get().asString().contains(url);
  }

  @Test
  void theConfigNeverPrintsTheToken() {
    assertThat(RestSinkConfig.builder("http://gms:8080").token("s3cr3t").build().toString())
        .doesNotContain("s3cr3t");
  }
}
