package io.gridata.spark.config;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;
import io.gridata.core.rawzone.RawZoneConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * How Spark reaches an S3 raw zone: the jobs read the accepted files where they lie, as {@code
 * s3a://} paths, through Hadoop's S3A connector. S3A is not part of Spark's own jars: the
 * application brings {@code org.apache.hadoop:hadoop-aws} of Spark's Hadoop version (3.4.2 for
 * Spark 4.1) with the AWS SDK v2 modules it loads ({@code s3}, {@code s3-transfer-manager}, {@code
 * sts}, {@code apache-client}, {@code netty-nio-client}), or the platform provides it (EMR,
 * Dataproc).
 *
 * <p>The zone's endpoint, region, addressing and static credentials become S3A's per-bucket
 * settings ({@code fs.s3a.bucket.<bucket>.endpoint}, ...), so they apply to the zone's bucket only
 * and leave any other {@code s3a://} access of the application alone. Without static credentials
 * S3A looks for them where the raw zone's own client does, the AWS SDK's default chain (see {@link
 * #DEFAULT_CHAIN}), so both readers of the zone act as the same principal.
 *
 * <pre>{@code
 * RawZoneConfig zone = RawZoneConfig.fromProperties("s3://landing", properties);
 * RawZoneS3a.register(spark, zone);   // or spark-submit --conf for each of RawZoneS3a.sparkConf(zone)
 * OrdersJob.builder(spark, RawZone.open(zone)).build().run(day);
 * }</pre>
 *
 * <p>Hadoop caches one S3A file system per bucket and JVM, built from the settings in force when
 * the bucket is first read: settings registered later for the same bucket do not reach it.
 */
public final class RawZoneS3a {
  /** The S3A file system class, present when {@code hadoop-aws} is on the class path. */
  public static final String S3A_CLASS = "org.apache.hadoop.fs.s3a.S3AFileSystem";

  /**
   * Without static credentials, the providers S3A tries for the zone's bucket, in order: S3A's own
   * defaults (session and static keys in the Hadoop settings, the environment, the container or
   * instance role) plus what the AWS SDK's default chain, which the raw zone's own client uses, has
   * beyond them: Java system properties, web identity (Kubernetes service accounts; needs the SDK's
   * {@code sts} module) and the shared profile files. Each one that finds nothing passes to the
   * next.
   */
  public static final List<String> DEFAULT_CHAIN =
      List.of(
          "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider",
          "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
          "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider",
          "software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider",
          "software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider",
          "software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider",
          "org.apache.hadoop.fs.s3a.auth.IAMInstanceCredentialsProvider");

  private static final List<String> REQUIRED_CLASSES =
      List.of(
          S3A_CLASS,
          "software.amazon.awssdk.services.s3.S3Client",
          "software.amazon.awssdk.transfer.s3.S3TransferManager");

  private RawZoneS3a() {}

  /**
   * The Hadoop settings that point S3A at the zone's bucket ({@code fs.s3a.bucket.<bucket>.*}):
   * endpoint, signing region ({@code us-east-1} with an endpoint and no region, as the raw zone's
   * own client does), path-style access, static credentials or else the provider chain {@link
   * #DEFAULT_CHAIN}. Empty for a local zone. The map holds the secret key: do not print it.
   */
  public static Map<String, String> hadoopConf(RawZoneConfig zone) {
    requireNonNull(zone, "zone is null");
    Map<String, String> conf = new LinkedHashMap<>();
    if (!zone.isS3()) {
      return conf;
    }
    String prefix = "fs.s3a.bucket." + zone.bucket() + ".";
    zone.endpoint().ifPresent(endpoint -> conf.put(prefix + "endpoint", endpoint.toString()));
    zone.region()
        .or(() -> zone.endpoint().map(endpoint -> "us-east-1"))
        .ifPresent(region -> conf.put(prefix + "endpoint.region", region));
    conf.put(prefix + "path.style.access", Boolean.toString(zone.pathStyleAccess()));
    if (zone.credentials().isPresent()) {
      conf.put(prefix + "access.key", zone.credentials().get().accessKeyId());
      conf.put(prefix + "secret.key", zone.credentials().get().secretAccessKey());
    } else {
      conf.put(prefix + "aws.credentials.provider", String.join(",", DEFAULT_CHAIN));
    }
    return conf;
  }

  /**
   * {@link #hadoopConf} as Spark settings ({@code spark.hadoop.fs.s3a.bucket.<bucket>.*}), for
   * {@code spark-submit --conf} or {@code SparkSession.Builder.config} before the context starts.
   */
  public static Map<String, String> sparkConf(RawZoneConfig zone) {
    Map<String, String> conf = new LinkedHashMap<>();
    hadoopConf(zone).forEach((key, value) -> conf.put("spark.hadoop." + key, value));
    return conf;
  }

  /**
   * Sets {@link #hadoopConf} on {@code spark}'s runtime configuration, which Spark copies into the
   * Hadoop configuration of every file read of that session. Does nothing for a local zone.
   *
   * @throws InvalidInputException when the zone is on S3 and S3A is not on the class path
   */
  public static void register(SparkSession spark, RawZoneConfig zone) {
    requireNonNull(spark, "spark is null");
    if (!zone.isS3()) {
      return;
    }
    requireS3a(zone);
    hadoopConf(zone).forEach((key, value) -> spark.conf().set(key, value));
  }

  /**
   * Checks that S3A can be loaded for an S3 zone.
   *
   * @throws InvalidInputException naming the missing artifact when it cannot
   */
  public static void requireS3a(RawZoneConfig zone) {
    requireNonNull(zone, "zone is null");
    if (!zone.isS3()) {
      return;
    }
    for (String name : REQUIRED_CLASSES) {
      try {
        Class.forName(name, false, RawZoneS3a.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new InvalidInputException(
            "Cannot read the raw zone %s with Spark: %s is not on the class path; add"
                + " org.apache.hadoop:hadoop-aws of Spark's Hadoop version with the AWS SDK v2"
                + " modules s3, s3-transfer-manager, sts, apache-client and netty-nio-client",
            zone.location(), name);
      }
    }
  }
}
