package io.gridata.spark.compat;

import java.util.List;

/**
 * The AWS SDK under Hadoop's S3A connector on Spark 4: Hadoop 3.4, whose S3A is built on the AWS
 * SDK v2 ({@code software.amazon.awssdk}), as the raw zone's own client is.
 */
public final class S3aSdk {
  /**
   * Without static credentials: S3A's providers of keys in the Hadoop settings (session, then
   * long-term), then the providers of the SDK's default chain, which the raw zone's own client
   * uses: the environment, the Java system properties {@code aws.accessKeyId} and {@code
   * aws.secretAccessKey}, web identity (needs the SDK's {@code sts} module), the shared profile
   * files, the container or instance role.
   */
  public static final List<String> CREDENTIAL_PROVIDERS =
      List.of(
          "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider",
          "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
          "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider",
          "software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider",
          "software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider",
          "software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider",
          "org.apache.hadoop.fs.s3a.auth.IAMInstanceCredentialsProvider");

  /** SDK classes S3A cannot start without. */
  public static final List<String> REQUIRED_CLASSES =
      List.of(
          "software.amazon.awssdk.services.s3.S3Client",
          "software.amazon.awssdk.transfer.s3.S3TransferManager");

  /** What brings S3A to the class path, for error messages. */
  public static final String ARTIFACTS =
      "org.apache.hadoop:hadoop-aws of Spark's Hadoop version with the AWS SDK v2 modules s3,"
          + " s3-transfer-manager, sts, apache-client and netty-nio-client";

  private S3aSdk() {}
}
