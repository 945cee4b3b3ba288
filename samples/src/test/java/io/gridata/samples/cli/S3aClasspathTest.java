package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.rawzone.RawZoneConfig;
import io.gridata.spark.config.RawZoneS3a;
import io.gridata.testkit.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The CLI's class path reads an S3 raw zone the way Spark does, through Hadoop's S3A connector:
 * hadoop-aws on Spark's shaded Hadoop client jars with the individual AWS SDK v2 modules instead of
 * the SDK bundle, configured by {@link RawZoneS3a} from the zone's settings alone. No Spark here:
 * the Spark round trip is the integration tier's {@code S3IngestCommandTest}.
 */
class S3aClasspathTest {
  private static final String BUCKET = "s3a-landing";
  private static final String DAY = "raw/ecommerce/orders/2026-11-05";
  private static final String CSV = "order_id,customer_id\nO-1,C-1\n";

  private static S3ProxyServer s3;

  @BeforeAll
  static void startS3() {
    s3 = new S3ProxyServer().withStorage(S3ProxyServer.Storage.TRANSIENT).start();
    s3.createBucket(BUCKET);
    try (S3Client client = s3.newClient()) {
      client.putObject(
          b -> b.bucket(BUCKET).key(DAY + "/orders-1.csv"), RequestBody.fromString(CSV));
    }
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  private static RawZoneConfig.Builder zone() {
    return RawZoneConfig.builder("s3://" + BUCKET).endpoint(s3.endpoint()).pathStyleAccess(true);
  }

  /**
   * Lists the day and reads its file through a new S3A instance (no cache) set up for {@code zone}.
   */
  private static void assertS3aReadsTheDay(RawZoneConfig zone) throws IOException {
    Configuration conf = new Configuration();
    RawZoneS3a.hadoopConf(zone).forEach(conf::set);
    try (FileSystem fs = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), conf)) {
      FileStatus[] day = fs.listStatus(new Path("s3a://" + BUCKET + "/" + DAY));
      assertThat(day).extracting(f -> f.getPath().getName()).containsExactly("orders-1.csv");
      try (InputStream in = fs.open(day[0].getPath())) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(CSV);
      }
    }
  }

  @Test
  void s3aListsAndReadsTheZonesBucketWithTheSdkModulesAlone() throws IOException {
    RawZoneConfig withKeys = zone().credentials(s3.accessKey(), s3.secretKey()).build();

    assertS3aReadsTheDay(withKeys);
    RawZoneS3a.requireS3a(withKeys);
  }

  @Test
  void withoutStaticKeysS3aLooksWhereTheSdkDefaultChainDoes() throws IOException {
    // Java system properties are in the SDK's default chain, not in S3A's own default list: S3A
    // finds these keys only through the chain RawZoneS3a sets, after the providers before them
    // (Hadoop settings, environment) found nothing
    System.setProperty("aws.accessKeyId", s3.accessKey());
    System.setProperty("aws.secretAccessKey", s3.secretKey());
    try {
      assertS3aReadsTheDay(zone().build());
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  void theSdkBundleIsNotOnTheClassPath() {
    // the bundle's relocated Apache HTTP client: S3A uses it only where it catches its absence
    assertThatThrownBy(
            () ->
                Class.forName(
                    "software.amazon.awssdk.thirdparty.org.apache.http.client.utils.URIBuilder"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
