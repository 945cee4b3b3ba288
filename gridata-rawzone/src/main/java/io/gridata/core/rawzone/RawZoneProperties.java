package io.gridata.core.rawzone;

import java.util.List;

/**
 * Configuration keys understood by {@link RawZoneConfig#fromProperties}, next to the retry keys of
 * {@link io.gridata.core.retry.RetryPolicy} ({@code retry.max-attempts}, {@code
 * retry.initial-delay}, ...). From Spark, prefix them with {@code spark.gridata.raw.}; the CLI
 * reads them from the properties file of {@code --raw-config}, or with the prefix {@code
 * gridata.raw.} from its {@code --config} file.
 */
public final class RawZoneProperties {
  /** S3 endpoint override, e.g. {@code http://127.0.0.1:9000}; AWS when absent. */
  public static final String S3_ENDPOINT = "s3.endpoint";

  /** Signing region; the AWS default region chain, else {@code us-east-1}, when absent. */
  public static final String S3_REGION = "s3.region";

  /** {@code true} for path-style access (MinIO, s3proxy); default {@code false}. */
  public static final String S3_PATH_STYLE_ACCESS = "s3.path-style-access";

  /** {@link ChecksumMode} name; default {@code WHEN_SUPPORTED}. */
  public static final String S3_CHECKSUM_MODE = "s3.checksum-mode";

  /** Static access key id; the AWS default credentials chain when absent. */
  public static final String S3_ACCESS_KEY_ID = "s3.access-key-id";

  /** Static secret access key, together with {@link #S3_ACCESS_KEY_ID}. */
  public static final String S3_SECRET_ACCESS_KEY = "s3.secret-access-key";

  /** Size in bytes from which uploads are multipart; default 16 MiB. */
  public static final String MULTIPART_THRESHOLD = "multipart.threshold-bytes";

  /** Part size in bytes of multipart uploads, at least 5 MiB; default 8 MiB. */
  public static final String MULTIPART_PART_SIZE = "multipart.part-size-bytes";

  /** Every key above, in declaration order. */
  public static final List<String> KEYS =
      List.of(
          S3_ENDPOINT,
          S3_REGION,
          S3_PATH_STYLE_ACCESS,
          S3_CHECKSUM_MODE,
          S3_ACCESS_KEY_ID,
          S3_SECRET_ACCESS_KEY,
          MULTIPART_THRESHOLD,
          MULTIPART_PART_SIZE);

  private RawZoneProperties() {}
}
