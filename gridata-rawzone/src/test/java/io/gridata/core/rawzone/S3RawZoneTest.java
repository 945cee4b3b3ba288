package io.gridata.core.rawzone;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.core.retry.RetryPolicy;
import io.gridata.testkit.S3Endpoint;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

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
}
