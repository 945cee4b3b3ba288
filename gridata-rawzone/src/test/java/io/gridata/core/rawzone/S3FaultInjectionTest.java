package io.gridata.core.rawzone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.StorageException;
import io.gridata.core.retry.RetryPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transient S3 faults (503 answers, reset connections) injected by a TCP proxy in front of the real
 * s3proxy server: the retry policy rides them out, and gives up after its attempts. Each test opens
 * its own zone, so no connection kept alive by an earlier test bypasses the injected faults.
 */
class S3FaultInjectionTest {
  private static TestS3 s3;
  private static FaultyTcpProxy proxy;
  private static int day;
  private RawZone zone;

  @BeforeAll
  static void start() throws IOException {
    s3 = TestS3.start();
    s3.s3().createBucket("lake-faults");
    proxy = new FaultyTcpProxy(s3.s3().endpoint());
  }

  @BeforeEach
  void openZone() {
    zone =
        RawZone.open(
            S3RawZoneTest.config(s3.s3(), "s3://lake-faults")
                .endpoint(proxy.endpoint())
                .retryPolicy(
                    RetryPolicy.builder()
                        .maxAttempts(3)
                        .initialDelay(Duration.ofMillis(10))
                        .maxDelay(Duration.ofMillis(30))
                        .build())
                .build());
  }

  @AfterEach
  void closeZone() {
    zone.close();
  }

  @AfterAll
  static void stop() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  private static RawKey freshKey(String name) {
    return RawKey.of("ecommerce", "faults", LocalDate.of(2026, 3, 1).plusDays(day++), name);
  }

  @Test
  void twoServiceUnavailableAnswersAreRetriedAndTheLandingSucceeds() throws IOException {
    RawKey key = freshKey("orders.csv");
    proxy.failNext(2, FaultyTcpProxy.Fault.SERVICE_UNAVAILABLE);
    int before = proxy.connections();

    LandedFile landed =
        zone.land(key, new ByteArrayInputStream(Fixtures.bytes(Fixtures.ORDERS_CSV)));

    assertThat(landed.size()).isEqualTo(Fixtures.ORDERS_CSV.length());
    assertThat(proxy.connections() - before).isGreaterThanOrEqualTo(3);
    try (var in = zone.open(key)) {
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(Fixtures.ORDERS_CSV);
    }
  }

  @Test
  void resetConnectionsAreRetriedDuringAMultipartUpload() throws IOException {
    RawKey key = freshKey("big.bin");
    byte[] content = new byte[11 * 1024 * 1024];
    new Random(3).nextBytes(content);
    proxy.failNext(2, FaultyTcpProxy.Fault.RESET);

    LandedFile landed = zone.land(key, new ByteArrayInputStream(content));

    assertThat(landed.multipart()).isTrue();
    assertThat(landed.sha256()).isEqualTo(Fixtures.sha256(content));
    assertThat(zone.stat(key).orElseThrow().size()).isEqualTo(content.length);
  }

  @Test
  void persistentFaultsGiveUpAfterThreeAttemptsWithATransientStorageException() {
    RawKey key = freshKey("never.csv");
    proxy.failNext(1000, FaultyTcpProxy.Fault.SERVICE_UNAVAILABLE);
    int before = proxy.connections();
    try {
      assertThatThrownBy(() -> zone.stat(key))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("gave up after 3 attempts")
          .satisfies(e -> assertThat(((StorageException) e).isTransient()).isTrue());
      assertThat(proxy.connections() - before).isEqualTo(3);
    } finally {
      proxy.failNext(0, FaultyTcpProxy.Fault.SERVICE_UNAVAILABLE);
    }
  }
}
