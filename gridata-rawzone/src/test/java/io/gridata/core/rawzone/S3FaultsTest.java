package io.gridata.core.rawzone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.StorageException;
import io.gridata.core.retry.Retrier;
import io.gridata.core.retry.RetryPolicy;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The raw zone's retries classify S3 answers: 5xx, 429 and throttling codes are transient. */
class S3FaultsTest {
  private static final RetryPolicy FAST =
      RetryPolicy.builder()
          .initialDelay(Duration.ofMillis(1))
          .maxDelay(Duration.ofMillis(3))
          .build();

  private static S3Exception s3(int status, String code) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
            .message(code)
            .build();
  }

  @Test
  void aRetrierWithS3FaultsRetries5xxAndSocketResetsAndWordsA403AsPermanent() {
    AtomicInteger calls = new AtomicInteger();
    String result =
        new Retrier(FAST, S3Faults::isTransient)
            .get(
                "fetch",
                () -> {
                  if (calls.incrementAndGet() == 1) {
                    throw s3(503, "SlowDown");
                  }
                  if (calls.get() == 2) {
                    throw new SocketException("Connection reset");
                  }
                  return "ok";
                });
    assertThat(result).isEqualTo("ok");
    assertThat(calls).hasValue(3);

    calls.set(0);
    assertThatThrownBy(
            () ->
                new Retrier(FAST, S3Faults::isTransient)
                    .run(
                        "upload x",
                        () -> {
                          calls.incrementAndGet();
                          throw s3(403, "AccessDenied");
                        }))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("Cannot upload x")
        .satisfies(e -> assertThat(((StorageException) e).isTransient()).isFalse());
    assertThat(calls).as("not retried").hasValue(1);
  }

  @Test
  void throttlingCodesAreTransientWhateverTheStatus() {
    assertThat(S3Faults.isTransient(s3(400, "SlowDown"))).isTrue();
    assertThat(S3Faults.isTransient(s3(400, "RequestTimeout"))).isTrue();
    assertThat(S3Faults.isTransient(s3(429, "TooMany"))).isTrue();
    assertThat(S3Faults.isTransient(s3(404, "NoSuchKey"))).isFalse();
    assertThat(S3Faults.isTransient(new RuntimeException("wrapped", s3(503, "x")))).isTrue();
  }
}
