package io.gridata.testkit;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * A running S3-compatible endpoint: the testkit's s3proxy child process or a MinIO container.
 *
 * <p>Clients must use path-style access: test endpoints have no DNS for virtual-host buckets.
 */
public interface S3Endpoint {

  /** Base URI of the S3 API, for example {@code http://127.0.0.1:40123}. */
  URI endpoint();

  /** Access key id accepted by the endpoint. */
  String accessKey();

  /** Secret access key accepted by the endpoint. */
  String secretKey();

  /** Region to sign requests for. */
  default String region() {
    return "us-east-1";
  }

  /** A new path-style AWS SDK v2 client for this endpoint; the caller closes it. */
  default S3Client newClient() {
    return S3Client.builder()
        .httpClientBuilder(ApacheHttpClient.builder())
        .endpointOverride(endpoint())
        .region(Region.of(region()))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(), secretKey())))
        .build();
  }

  /** Creates {@code bucket} unless it already exists. */
  default void createBucket(String bucket) {
    try (S3Client client = newClient()) {
      client.createBucket(b -> b.bucket(bucket));
    } catch (BucketAlreadyOwnedByYouException alreadyThere) {
      // idempotent by design: fixtures create their buckets on every start
    }
  }

  /**
   * Iceberg {@code S3FileIO} properties that point at this endpoint (endpoint, path-style access,
   * static credentials, region).
   */
  default Map<String, String> fileIoProperties() {
    return Map.of(
        "io-impl", "org.apache.iceberg.aws.s3.S3FileIO",
        "s3.endpoint", endpoint().toString(),
        "s3.path-style-access", "true",
        "s3.access-key-id", accessKey(),
        "s3.secret-access-key", secretKey(),
        "client.region", region());
  }
}
