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
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Landing's existence check run beside the read and its sidecar written beside a single PUT,
 * against the real s3proxy server: a client in front of it refuses one request (as a denied or
 * failing one would be), in an order set with latches.
 */
class S3BlobStoreLandingTest {
  private static final String BUCKET = "lake-landing";
  private static final String DATA = "orders.csv";
  private static final String SIDECAR = "orders.csv.sha256";
  private static final Function<String, byte[]> SIDECAR_TEXT =
      sha -> (sha + "  orders.csv\n").getBytes(StandardCharsets.UTF_8);
  private static S3Endpoint s3;
  private static S3Client client;
  private static int test;

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
  void anUploadThatFailsAfterItsSidecarWasWrittenLeavesNoSidecar() {
    CountDownLatch sidecarWritten = new CountDownLatch(1);
    try (S3BlobStore store =
        storeWithPuts(
            (request, put) -> {
              if (request.key().endsWith(SIDECAR)) {
                PutObjectResponse written = put.get();
                sidecarWritten.countDown();
                return written;
              }
              await(sidecarWritten);
              throw denied("the upload");
            })) {
      assertThatThrownBy(() -> land(store, "id\n1\n"))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("Cannot upload s3://" + BUCKET + "/" + prefix() + DATA)
          .hasMessageContaining("refused by the test: the upload");

      assertThat(sidecarWritten.getCount()).isZero();
      assertThat(store.head(prefix() + DATA)).isEmpty();
      assertThat(store.head(prefix() + SIDECAR)).isEmpty();
    }
  }

  @Test
  void anUploadThatFailsWhileItsSidecarIsInFlightLeavesNoSidecar() {
    CountDownLatch uploadFailed = new CountDownLatch(1);
    try (S3BlobStore store =
        storeWithPuts(
            (request, put) -> {
              if (request.key().endsWith(SIDECAR)) {
                await(uploadFailed); // reaches the server after the upload has failed
                return put.get();
              }
              uploadFailed.countDown();
              throw denied("the upload");
            })) {
      assertThatThrownBy(() -> land(store, "id\n1\n"))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("refused by the test: the upload");

      assertThat(store.head(prefix() + DATA)).isEmpty();
      assertThat(store.head(prefix() + SIDECAR)).isEmpty();
    }
  }

  @Test
  void aSidecarThatCannotBeWrittenFailsTheLandingSayingTheFileIsInPlace() {
    try (S3BlobStore store =
        storeWithPuts(
            (request, put) -> {
              if (request.key().endsWith(SIDECAR)) {
                throw denied("the sidecar");
              }
              return put.get();
            })) {
      assertThatThrownBy(() -> land(store, "id\n1\n"))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(
              "Landed s3://"
                  + BUCKET
                  + "/"
                  + prefix()
                  + DATA
                  + ", but its sidecar s3://"
                  + BUCKET
                  + "/"
                  + prefix()
                  + SIDECAR
                  + " could not be written")
          .hasMessageContaining("refused by the test: the sidecar");

      assertThat(store.head(prefix() + DATA).orElseThrow().sha256())
          .contains(
              HexFormat.of()
                  .formatHex(
                      BlobRawZone.sha256().digest("id\n1\n".getBytes(StandardCharsets.UTF_8))));
      assertThat(store.head(prefix() + SIDECAR)).isEmpty();
    }
  }

  @Test
  void anExistenceCheckThatFailsWritesNothing() {
    try (S3BlobStore store =
        store(
            new Forwarding(client) {
              @Override
              public HeadObjectResponse headObject(HeadObjectRequest request) {
                if (request.key().endsWith(DATA)) {
                  throw denied("the check");
                }
                return super.headObject(request);
              }
            })) {
      assertThatThrownBy(() -> land(store, "id\n1\n"))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("stat s3://" + BUCKET + "/" + prefix() + DATA)
          .hasMessageContaining("refused by the test: the check");
    }
    try (S3BlobStore store = store(new Forwarding(client))) {
      assertThat(store.head(prefix() + DATA)).isEmpty();
      assertThat(store.head(prefix() + SIDECAR)).isEmpty();
    }
  }

  @Test
  void aKeyThatExistsIsNeitherOverwrittenNorGivenANewSidecar() {
    try (S3BlobStore store = store(new Forwarding(client))) {
      String sha = land(store, "id\n1\n").orElseThrow().sha256();

      assertThat(land(store, "id\n2\n")).isEmpty();

      assertThat(store.getRange(prefix() + DATA, 0, 100))
          .asString(StandardCharsets.UTF_8)
          .isEqualTo("id\n1\n");
      assertThat(store.getRange(prefix() + SIDECAR, 0, 100))
          .asString(StandardCharsets.UTF_8)
          .isEqualTo(sha + "  orders.csv\n");
    }
  }

  @Test
  void aClosedStoreSaysSo() {
    S3BlobStore store = store(new Forwarding(client));
    store.close();

    assertThatThrownBy(() -> land(store, "id\n1\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the raw zone is closed");
  }

  /** Each test lands under its own prefix. */
  private static String prefix() {
    return "t" + test + "/";
  }

  private static Optional<PutResult> land(S3BlobStore store, String content) {
    return store.putNew(
        prefix() + DATA,
        new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
        prefix() + SIDECAR,
        SIDECAR_TEXT);
  }

  /** A store whose PUTs go through {@code puts}, given each request and its real PUT. */
  private static S3BlobStore storeWithPuts(
      BiFunction<PutObjectRequest, Supplier<PutObjectResponse>, PutObjectResponse> puts) {
    return store(
        new Forwarding(client) {
          @Override
          public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
            return puts.apply(request, () -> super.putObject(request, body));
          }
        });
  }

  private static S3BlobStore store(S3Client s3Client) {
    test++;
    return new S3BlobStore(
        s3Client,
        BUCKET,
        "",
        RawZoneConfig.DEFAULT_MULTIPART_THRESHOLD,
        RawZoneConfig.MIN_PART_SIZE,
        new Retrier(RetryPolicy.builder().maxAttempts(1).build(), S3Faults::isTransient));
  }

  private static S3Exception denied(String what) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(403)
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode("AccessDenied")
                    .errorMessage("refused by the test: " + what)
                    .build())
            .message("refused by the test: " + what)
            .build();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).as("the other request came").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The real client, forwarding what the store calls here; closing it leaves the client open. */
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
    public <T> T getObject(
        GetObjectRequest request, ResponseTransformer<GetObjectResponse, T> transformer) {
      return delegate.getObject(request, transformer);
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
