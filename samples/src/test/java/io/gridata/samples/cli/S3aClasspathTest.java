package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.rawzone.RawZoneConfig;
import io.gridata.spark.config.RawZoneS3a;
import io.gridata.testkit.S3ProxyServer;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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

  @Test
  void s3aListsAndReadsTheZonesBucketWithTheSdkModulesAlone() throws Exception {
    try (S3ProxyServer s3 = new S3ProxyServer().withStorage(S3ProxyServer.Storage.TRANSIENT)) {
      s3.start();
      s3.createBucket("s3a-landing");
      String key = "raw/ecommerce/orders/2026-11-05/orders-1.csv";
      String csv = "order_id,customer_id\nO-1,C-1\n";
      try (S3Client client = s3.newClient()) {
        client.putObject(b -> b.bucket("s3a-landing").key(key), RequestBody.fromString(csv));
      }
      RawZoneConfig zone =
          RawZoneConfig.builder("s3://s3a-landing")
              .endpoint(s3.endpoint())
              .pathStyleAccess(true)
              .credentials(s3.accessKey(), s3.secretKey())
              .build();
      Configuration conf = new Configuration();
      RawZoneS3a.hadoopConf(zone).forEach(conf::set);

      try (FileSystem fs = FileSystem.newInstance(URI.create("s3a://s3a-landing/"), conf)) {
        FileStatus[] day =
            fs.listStatus(new Path("s3a://s3a-landing/raw/ecommerce/orders/2026-11-05"));
        assertThat(day).extracting(f -> f.getPath().getName()).containsExactly("orders-1.csv");
        try (InputStream in = fs.open(day[0].getPath())) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(csv);
        }
      }
    }
    RawZoneS3a.requireS3a(RawZoneConfig.builder("s3://s3a-landing").build());
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
