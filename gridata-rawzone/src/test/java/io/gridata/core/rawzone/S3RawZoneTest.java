package io.gridata.core.rawzone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.StorageException;
import io.gridata.core.retry.RetryPolicy;
import io.gridata.testkit.S3Endpoint;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/** The raw-zone suite on S3, against the testkit's real s3proxy server. */
class S3RawZoneTest extends RawZoneContract {
  private static final String BUCKET = "lake";
  private static final String PREFIX = "landing/";
  private static TestS3 server;
  private static S3Endpoint s3;
  private static S3Client client;
  private static RawZone zone;

  @BeforeAll
  static void start() {
    server = TestS3.start();
    s3 = server.s3();
    s3.createBucket(BUCKET);
    client = s3.newClient();
    zone = RawZone.open(config(s3, "s3://" + BUCKET + "/landing").build());
  }

  static RawZoneConfig.Builder config(S3Endpoint server, String location) {
    return RawZoneConfig.builder(location)
        .endpoint(server.endpoint())
        .pathStyleAccess(true)
        .credentials(server.accessKey(), server.secretKey())
        .multipartThreshold(RawZoneConfig.MIN_PART_SIZE)
        .partSize(RawZoneConfig.MIN_PART_SIZE)
        .retryPolicy(RetryPolicy.builder().initialDelay(Duration.ofMillis(5)).build());
  }

  @AfterAll
  static void stop() {
    if (zone != null) {
      zone.close();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Override
  RawZone zone() {
    return zone;
  }

  @Override
  boolean multipartExpected() {
    return true;
  }

  @Override
  void writeRaw(String path, String text) {
    client.putObject(b -> b.bucket(BUCKET).key(PREFIX + path), RequestBody.fromString(text));
  }

  @Override
  byte[] readRaw(String path) {
    return client.getObjectAsBytes(b -> b.bucket(BUCKET).key(PREFIX + path)).asByteArray();
  }

  @Override
  void deleteRaw(String path) {
    client.deleteObject(b -> b.bucket(BUCKET).key(PREFIX + path));
  }

  @Test
  void keysLiveUnderTheBucketPrefixAndTheConfigNeverPrintsCredentials() {
    RawKey key = freshPartition().file("orders.csv");
    zone.land(key, new java.io.ByteArrayInputStream(Fixtures.bytes(Fixtures.ORDERS_CSV)));

    assertThat(client.headObject(b -> b.bucket(BUCKET).key(PREFIX + key.path())).contentLength())
        .isEqualTo(Fixtures.ORDERS_CSV.length());
    assertThat(zone.uri(key.path()).toString()).isEqualTo("s3://lake/landing/" + key.path());
    assertThat(zone.config().toString())
        .doesNotContain(s3.secretKey())
        .doesNotContain(s3.accessKey());
    assertThat(zone.stat(key).orElseThrow().storedSha256())
        .contains(Fixtures.sha256(Fixtures.bytes(Fixtures.ORDERS_CSV)));
  }

  /**
   * {@code size} random bytes; when {@code at} bytes have been read, runs {@code hook}, then fails
   * the read if {@code fail}, else goes on.
   */
  private static InputStream source(int size, int at, Runnable hook, boolean fail) {
    byte[] content = new byte[size];
    new Random(11).nextBytes(content);
    return new FilterInputStream(new ByteArrayInputStream(content)) {
      private long read;
      private boolean hooked;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (read >= at && !hooked) {
          hooked = true;
          hook.run();
          if (fail) {
            throw new IOException("disk unplugged");
          }
        }
        int n = super.read(b, off, (int) Math.min(len, hooked ? len : at - read));
        read += Math.max(n, 0);
        return n;
      }
    };
  }

  private static List<String> pendingUploads() {
    return client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().stream()
        .map(MultipartUpload::key)
        .toList();
  }

  @Test
  void aSourceFailingWithPartsInFlightLeavesNoObjectAndNoUpload() {
    RawKey key = freshPartition().file("unplugged.bin");
    int threeParts = 3 * (int) RawZoneConfig.MIN_PART_SIZE;

    InputStream source = source(threeParts + 1024 * 1024, threeParts, () -> {}, true);

    assertThatThrownBy(() -> zone.land(key, source))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("cannot read the source")
        .hasMessageContaining("disk unplugged");

    assertThat(zone.stat(key)).isEmpty();
    assertThat(zone.sidecar(key)).isEmpty();
    assertThat(pendingUploads()).doesNotContain(PREFIX + key.path());
  }

  @Test
  void anUploadAbortedBehindTheZoneFailsTheLandingAndLeavesNothing() {
    RawKey key = freshPartition().file("vanished.bin");
    int twoParts = 2 * (int) RawZoneConfig.MIN_PART_SIZE;
    // the upload disappears under the parts being sent (s3proxy still takes the parts, then
    // refuses to complete the upload: NoSuchUpload, 404)
    Runnable abortBehindTheZone =
        () ->
            client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().stream()
                .filter(upload -> upload.key().equals(PREFIX + key.path()))
                .forEach(
                    upload ->
                        client.abortMultipartUpload(
                            b -> b.bucket(BUCKET).key(upload.key()).uploadId(upload.uploadId())));
    InputStream source = source(4 * twoParts, twoParts, abortBehindTheZone, false);

    assertThatThrownBy(() -> zone.land(key, source))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(key.fileName())
        .hasMessageContaining("NoSuchUpload");

    assertThat(zone.stat(key)).isEmpty();
    assertThat(zone.sidecar(key)).isEmpty();
    assertThat(pendingUploads()).doesNotContain(PREFIX + key.path());
  }
}
