package io.gridata.core.rawzone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.StorageException;
import io.gridata.core.retry.RetryPolicy;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

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

  @Test
  void aPartThatCannotBeSentFailsTheLandingWhileOtherPartsAreInFlightAndLeavesNothing()
      throws IOException {
    RawKey key = freshKey("cut.bin");
    int part = (int) RawZoneConfig.MIN_PART_SIZE;
    byte[] content = new byte[4 * part];
    new Random(5).nextBytes(content);
    // Once the first part (the bytes read up to the threshold) is on its way, the next new
    // connection is reset: the first part goes out on the connection that started the upload, the
    // second, read and sent while the first is in flight, needs a new one. No retries, so that
    // part's failure is the landing's; the abort then finds a healthy connection.
    InputStream source =
        new FilterInputStream(new ByteArrayInputStream(content)) {
          private long position;
          private boolean cut;

          @Override
          public int read() throws IOException {
            position++;
            return super.read();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (!cut && position > part) {
              cut = true;
              proxy.failNext(1, FaultyTcpProxy.Fault.RESET);
            }
            int n = super.read(b, off, len);
            position += Math.max(n, 0);
            return n;
          }
        };
    try (RawZone once =
        RawZone.open(
            S3RawZoneTest.config(s3.s3(), "s3://lake-faults")
                .endpoint(proxy.endpoint())
                .retryPolicy(RetryPolicy.builder().maxAttempts(1).build())
                .build())) {
      try {
        assertThatThrownBy(() -> once.land(key, source))
            .isInstanceOf(StorageException.class)
            .hasMessageContaining("upload part")
            .hasMessageContaining(key.fileName());
      } finally {
        proxy.failNext(0, FaultyTcpProxy.Fault.RESET);
      }
    }
    assertThat(zone.stat(key)).isEmpty();
    assertThat(zone.sidecar(key)).isEmpty();
    try (S3Client client = s3.s3().newClient()) {
      assertThat(client.listMultipartUploads(b -> b.bucket("lake-faults")).uploads())
          .noneMatch(upload -> upload.key().endsWith(key.path()));
    }
  }
}
