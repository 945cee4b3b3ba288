package io.gridata.testkit.data;

import static java.util.Objects.requireNonNull;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

final class S3BucketTarget implements RawTarget {
  private final S3Client client;
  private final String bucket;

  S3BucketTarget(S3Client client, String bucket) {
    this.client = requireNonNull(client, "client is null");
    this.bucket = requireNonNull(bucket, "bucket is null");
  }

  @Override
  public void put(String key, byte[] content) {
    requireNonNull(key, "key is null");
    requireNonNull(content, "content is null");
    client.putObject(
        b -> b.bucket(bucket).key(key).contentLength((long) content.length),
        RequestBody.fromBytes(content));
  }

  @Override
  public String location(String key) {
    return "s3://" + bucket + "/" + requireNonNull(key, "key is null");
  }

  @Override
  public String toString() {
    return "S3BucketTarget[" + bucket + "]";
  }
}
