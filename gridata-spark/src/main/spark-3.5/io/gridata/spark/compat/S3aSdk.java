package io.gridata.spark.compat;

import java.util.List;

/**
 * The AWS SDK under Hadoop's S3A connector on Spark 3.5: Hadoop 3.3.4, whose S3A is built on the
 * AWS SDK v1 ({@code com.amazonaws}, in the {@code com.amazonaws:aws-java-sdk-bundle} that {@code
 * hadoop-aws} 3.3.4 depends on), while the raw zone's own client is on the SDK v2.
 */
public final class S3aSdk {
  /**
   * Without static credentials: S3A's providers of keys in the Hadoop settings (session, then
   * long-term), then the SDK v1's default chain: the environment, the Java system properties {@code
   * aws.accessKeyId} and {@code aws.secretKey} (the SDK v2 of the raw zone's client reads the
   * secret from {@code aws.secretAccessKey}), web identity, the shared profile file ({@code
   * ~/.aws/credentials} under {@code user.home}), the container or instance role. The chain as one
   * provider rather than its members one by one: S3A passes to the next provider only on the SDK's
   * own exceptions, and the SDK's web identity provider throws a {@code NullPointerException} where
   * none is configured, its profile provider an {@code IllegalArgumentException} where there is no
   * profile file. S3A gets the SDK's one instance of the chain per JVM ({@code getInstance()}); SDK
   * v1 providers hold nothing to close.
   */
  public static final List<String> CREDENTIAL_PROVIDERS =
      List.of(
          "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider",
          "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
          "com.amazonaws.auth.DefaultAWSCredentialsProviderChain");

  /** SDK classes S3A cannot start without. */
  public static final List<String> REQUIRED_CLASSES =
      List.of(
          "com.amazonaws.services.s3.AmazonS3",
          "com.amazonaws.services.s3.transfer.TransferManager");

  /** What brings S3A to the class path, for error messages. */
  public static final String ARTIFACTS =
      "org.apache.hadoop:hadoop-aws of Spark's Hadoop version (3.3.4 for Spark 3.5) with the AWS SDK"
          + " v1 bundle it depends on, com.amazonaws:aws-java-sdk-bundle";

  private S3aSdk() {}
}
