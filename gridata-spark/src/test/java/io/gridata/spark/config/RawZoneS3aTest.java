package io.gridata.spark.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.core.rawzone.RawZoneConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawZoneS3aTest {
  private static final String SPARK_VERSION = org.apache.spark.package$.MODULE$.SPARK_VERSION();

  @Test
  void anS3ZoneBecomesS3aSettingsOfItsBucketOnly() {
    RawZoneConfig zone =
        RawZoneConfig.builder("s3://landing/team-a")
            .endpoint(URI.create("http://127.0.0.1:9000"))
            .pathStyleAccess(true)
            .credentials("AKIDEXAMPLE", "s3cr3t")
            .build();

    assertThat(RawZoneS3a.hadoopConf(zone))
        .containsExactly(
            Map.entry("fs.s3a.bucket.landing.endpoint", "http://127.0.0.1:9000"),
            Map.entry("fs.s3a.bucket.landing.endpoint.region", "us-east-1"),
            Map.entry("fs.s3a.bucket.landing.path.style.access", "true"),
            Map.entry("fs.s3a.bucket.landing.access.key", "AKIDEXAMPLE"),
            Map.entry("fs.s3a.bucket.landing.secret.key", "s3cr3t"));
    assertThat(RawZoneS3a.sparkConf(zone))
        .hasSize(5)
        .containsEntry("spark.hadoop.fs.s3a.bucket.landing.endpoint", "http://127.0.0.1:9000");
  }

  @Test
  void onAwsTheRegionAndCredentialsAreLeftToS3aUnlessGiven() {
    RawZoneConfig chain = RawZoneConfig.builder("s3://landing").build();
    RawZoneConfig regional = RawZoneConfig.builder("s3://landing").region("eu-west-1").build();

    assertThat(RawZoneS3a.hadoopConf(chain))
        .containsOnlyKeys(
            "fs.s3a.bucket.landing.path.style.access",
            "fs.s3a.bucket.landing.aws.credentials.provider")
        .containsEntry("fs.s3a.bucket.landing.path.style.access", "false");
    assertThat(RawZoneS3a.hadoopConf(chain).get("fs.s3a.bucket.landing.aws.credentials.provider"))
        .as("S3A's providers of the Hadoop settings, then the SDK's default chain")
        .isEqualTo(String.join(",", RawZoneS3a.DEFAULT_CHAIN))
        .startsWith(
            "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider,"
                + "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider,")
        .contains(
            SPARK_VERSION.startsWith("3.")
                // Hadoop 3.3.4's S3A is built on the AWS SDK v1
                ? "com.amazonaws.auth."
                : "software.amazon.awssdk.auth.credentials.");
    assertThat(RawZoneS3a.hadoopConf(regional))
        .containsEntry("fs.s3a.bucket.landing.endpoint.region", "eu-west-1")
        .doesNotContainKey("fs.s3a.bucket.landing.access.key");
  }

  @Test
  void aLocalZoneNeedsNothing() {
    RawZoneConfig local = RawZoneConfig.local(Path.of("/tmp/zone")).build();

    assertThat(RawZoneS3a.hadoopConf(local)).isEmpty();
    RawZoneS3a.requireS3a(local);
  }
}
