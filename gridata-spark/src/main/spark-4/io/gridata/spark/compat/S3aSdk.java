package io.gridata.spark.compat;

import java.util.List;

/**
 * The AWS SDK under Hadoop's S3A connector on Spark 4: Hadoop 3.4, whose S3A is built on the AWS
 * SDK v2 ({@code software.amazon.awssdk}), as the raw zone's own client is.
 */
public final class S3aSdk {
  /**
   * Without static credentials: S3A's providers of keys in the Hadoop settings (session, then
   * long-term), then the SDK's default chain, the one the raw zone's own client uses: the Java
   * system properties {@code aws.accessKeyId} and {@code aws.secretAccessKey}, the environment, web
   * identity (needs the SDK's {@code sts} module), the shared profile files, the container or
   * instance role. The chain as one provider rather than its members one by one: S3A passes to the
   * next provider only on the SDK's own exceptions, and the SDK's web identity provider throws an
   * {@code IllegalStateException} where none is configured, which would end the search before the
   * profile files and the roles.
   *
   * <p>S3A creates it with {@code DefaultCredentialsProvider.create()}, the SDK's one instance per
   * JVM, and closes it when a file system it serves is closed; Hadoop's cached file systems close
   * when the JVM exits. An application that closes S3A file systems itself ({@code
   * FileSystem.newInstance(...).close()}, {@code fs.s3a.impl.disable.cache}) closes that instance
   * for every later user in the JVM: among others, its web identity provider's STS client is shut
   * down (aws/aws-sdk-java-v2 issue 3493).
   */
  public static final List<String> CREDENTIAL_PROVIDERS =
      List.of(
          "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider",
          "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
          "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider");

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
