package io.gridata.testkit.data;

import java.nio.file.Path;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where generated files land: a local directory or an S3 bucket. Keys are relative, '/'-separated
 * paths such as {@code raw/ecommerce/orders/2026-11-01/orders-20261101-001.csv}.
 */
public interface RawTarget {

  /**
   * Writes {@code content} under {@code key}, replacing what was there.
   *
   * @throws java.io.UncheckedIOException or an SDK exception when the write fails
   */
  void put(String key, byte[] content);

  /** A URI for {@code key}, e.g. {@code file:///tmp/x/raw/...} or {@code s3://bucket/raw/...}. */
  String location(String key);

  /** A target that writes files under {@code root}, creating directories as needed. */
  static RawTarget localDirectory(Path root) {
    return new LocalDirectoryTarget(root);
  }

  /**
   * A target that puts objects into {@code bucket} (which must exist) with {@code client}. The
   * caller keeps ownership of the client.
   */
  static RawTarget s3(S3Client client, String bucket) {
    return new S3BucketTarget(client, bucket);
  }
}
