package io.gridata.core.rawzone.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.StorageException;
import io.gridata.core.rawzone.RawZoneConfig;
import io.gridata.core.rawzone.S3Faults;
import io.gridata.core.rawzone.TestS3;
import io.gridata.core.retry.Retrier;
import io.gridata.core.retry.RetryPolicy;
import io.gridata.testkit.S3Endpoint;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Landing's sidecar written beside the upload, against the real s3proxy server: the data PUT of one
 * key is refused by the client in front of the server, after the sidecar has reached the server.
 */
class S3BlobStoreLandingTest {
  private static final String BUCKET = "lake-landing";
  private static final Function<String, byte[]> SIDECAR =
      sha -> (sha + "  orders.csv\n").getBytes(StandardCharsets.UTF_8);
  private static S3Endpoint s3;
  private static S3Client client;

  @BeforeAll
  static void start() {
    s3 = TestS3.start().s3();
    s3.createBucket(BUCKET);
    client =
        RawZones.newClient(
            RawZoneConfig.builder("s3://" + BUCKET)
                .endpoint(s3.endpoint())
                .pathStyleAccess(true)
                .credentials(s3.accessKey(), s3.secretKey())
                .build());
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void anUploadThatFailsLeavesNoSidecarEvenWhenTheSidecarWasWrittenFirst() throws Exception {
    CountDownLatch sidecarWritten = new CountDownLatch(1);
    S3Client refusingData =
        new Forwarding(client) {
          @Override
          public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
            if (request.key().endsWith(".sha256")) {
              PutObjectResponse written = super.putObject(request, body);
              sidecarWritten.countDown();
              return written;
            }
            await(sidecarWritten);
            throw (S3Exception)
                S3Exception.builder()
                    .statusCode(403)
                    .awsErrorDetails(
                        AwsErrorDetails.builder()
                            .errorCode("AccessDenied")
                            .errorMessage("refused by the test")
                            .build())
                    .message("refused by the test")
                    .build();
          }
        };
    BlobStore store = store(refusingData);

    assertThatThrownBy(
            () ->
                store.putNew(
                    "a/orders.csv",
                    new ByteArrayInputStream("id\n1\n".getBytes(StandardCharsets.UTF_8)),
                    "a/orders.csv.sha256",
                    SIDECAR))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("Cannot upload s3://" + BUCKET + "/a/orders.csv")
        .hasMessageContaining("refused by the test");

    assertThat(sidecarWritten.getCount()).isZero();
    assertThat(store.head("a/orders.csv")).isEmpty();
    assertThat(store.head("a/orders.csv.sha256")).isEmpty();
  }

  @Test
  void aKeyThatExistsIsNeitherOverwrittenNorGivenANewSidecar() {
    BlobStore store = store(client);
    byte[] first = "id\n1\n".getBytes(StandardCharsets.UTF_8);
    String sha =
        store
            .putNew("b/orders.csv", new ByteArrayInputStream(first), "b/orders.csv.sha256", SIDECAR)
            .orElseThrow()
            .sha256();

    assertThat(
            store.putNew(
                "b/orders.csv",
                new ByteArrayInputStream("id\n2\n".getBytes(StandardCharsets.UTF_8)),
                "b/orders.csv.sha256",
                SIDECAR))
        .isEmpty();

    assertThat(store.head("b/orders.csv").orElseThrow().size()).isEqualTo(first.length);
    assertThat(store.getRange("b/orders.csv.sha256", 0, 64))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo(sha);
  }

  private static S3BlobStore store(S3Client s3Client) {
    return new S3BlobStore(
        s3Client,
        BUCKET,
        "",
        RawZoneConfig.DEFAULT_MULTIPART_THRESHOLD,
        RawZoneConfig.MIN_PART_SIZE,
        new Retrier(RetryPolicy.builder().maxAttempts(1).build(), S3Faults::isTransient));
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).as("the sidecar was written").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The real client, forwarding what the store calls here. */
  private static class Forwarding implements S3Client {
    private final S3Client delegate;

    Forwarding(S3Client delegate) {
      this.delegate = delegate;
    }

    @Override
    public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
      return delegate.putObject(request, body);
    }

    @Override
    public HeadObjectResponse headObject(HeadObjectRequest request) {
      return delegate.headObject(request);
    }

    @Override
    public DeleteObjectResponse deleteObject(DeleteObjectRequest request) {
      return delegate.deleteObject(request);
    }

    @Override
    public String serviceName() {
      return delegate.serviceName();
    }

    @Override
    public void close() {
      // the delegate is the test class's
    }
  }
}
