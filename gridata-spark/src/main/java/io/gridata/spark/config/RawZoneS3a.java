package io.gridata.spark.config;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;
import io.gridata.core.rawzone.RawZoneConfig;
import io.gridata.spark.compat.S3aSdk;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * How Spark reaches an S3 raw zone: the jobs read the accepted files where they lie, as {@code
 * s3a://} paths, through Hadoop's S3A connector. S3A is not part of Spark's own jars: the
 * application brings {@code org.apache.hadoop:hadoop-aws} of Spark's Hadoop version with the AWS
 * SDK that S3A is built on, or the platform provides it (EMR, Dataproc). On Spark 4.1 that is
 * {@code hadoop-aws} 3.4.2 with the AWS SDK v2 modules it loads ({@code s3}, {@code
 * s3-transfer-manager}, {@code sts}, {@code apache-client}, {@code netty-nio-client}); on Spark 3.5
 * {@code hadoop-aws} 3.3.4 with the AWS SDK v1 bundle it depends on ({@code
 * com.amazonaws:aws-java-sdk-bundle}). The line's differences are in {@link S3aSdk}.
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
   * Without static credentials, the providers S3A tries for the zone's bucket, in order: S3A's
   * providers of keys in the Hadoop settings (session, then long-term), then those of the AWS SDK's
   * default chain, which the raw zone's own client uses: Java system properties, the environment,
   * web identity (Kubernetes service accounts), the shared profile files, the container or instance
   * role. Each one that finds nothing passes to the next.
   *
   * <p>The chain is {@link S3aSdk#CREDENTIAL_PROVIDERS} of the Spark line: SDK v2 classes on Spark
   * 4 (Hadoop 3.4), SDK v1 classes on Spark 3.5 (Hadoop 3.3.4, whose S3A is built on the SDK v1).
   * The two SDKs read one setting under different names: the secret key as a system property is
   * {@code aws.secretAccessKey} to the SDK v2 and {@code aws.secretKey} to the SDK v1 (both read
   * {@code aws.accessKeyId}), so on Spark 3.5 a secret given as a system property must be set under
   * both names for the raw zone's client and S3A to find it.
   */
  public static final List<String> DEFAULT_CHAIN = S3aSdk.CREDENTIAL_PROVIDERS;

  private static final List<String> REQUIRED_CLASSES =
      Stream.concat(Stream.of(S3A_CLASS), S3aSdk.REQUIRED_CLASSES.stream()).toList();

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
            "Cannot read the raw zone %s with Spark: %s is not on the class path; add %s",
            zone.location(), name, S3aSdk.ARTIFACTS);
      }
    }
  }
}
