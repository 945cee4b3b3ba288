package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.core.rawzone.FileValidator;
import io.gridata.core.rawzone.LandedFile;
import io.gridata.core.rawzone.RawKey;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.rawzone.RawZoneConfig;
import io.gridata.core.rawzone.ValidationOptions;
import io.gridata.spark.config.RawZoneS3a;
import io.gridata.spark.ingest.IngestJob;
import io.gridata.spark.orders.OrdersSpec;
import io.gridata.spark.read.RawInput;
import io.gridata.spark.read.RawReader;
import io.gridata.testkit.S3ProxyServer;
import io.gridata.testkit.spark.SparkSessions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * File names with a space, a non-ASCII letter, {@code %}, {@code #}, {@code <} or glob characters
 * in an S3 raw zone: validated (their {@code s3://} names are built without failing), handed to
 * Spark through S3A with {@link IngestJob#sparkPath}, read, and each row joined to its file's
 * checksum. Tagged {@code integration}: Spark and the S3 server in one test JVM.
 */
@Tag("integration")
class S3OddNamesReadTest {
  private static final String BUCKET = "odd-names";
  private static final RawPartition DAY =
      RawPartition.of("ecommerce", "orders", LocalDate.of(2026, 12, 3));
  private static final List<String> NAMES =
      List.of(
          "a b.csv",
          "café.csv",
          "50%.csv",
          "x#1.csv",
          "a<b>.csv",
          "[v1] {x}.csv",
          "orders-2026-12-03T10:00:00.csv");

  @Test
  void oddNamesAreValidatedAndReadThroughS3a() {
    try (S3ProxyServer s3 =
        new S3ProxyServer().withStorage(S3ProxyServer.Storage.TRANSIENT).start()) {
      s3.createBucket(BUCKET);
      RawZoneConfig config =
          RawZoneConfig.builder("s3://" + BUCKET)
              .endpoint(s3.endpoint())
              .pathStyleAccess(true)
              .credentials(s3.accessKey(), s3.secretKey())
              .build();
      SparkSession spark = SparkSessions.shared();
      RawZoneS3a.hadoopConf(config).forEach(spark.sparkContext().hadoopConfiguration()::set);
      try (RawZone zone = RawZone.open(config)) {
        FileValidator validator =
            new FileValidator(zone, ValidationOptions.defaults().withContract(OrdersSpec.CONTRACT));
        List<RawInput> inputs = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
          RawKey key = DAY.file(NAMES.get(i));
          String csv =
              "order_id,customer_id,order_timestamp\nO-" + i + ",C-1,2026-12-03 10:00:00\n";
          LandedFile landed =
              zone.land(key, new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));

          assertThat(validator.validate(key).passed()).as(key.fileName()).isTrue();
          inputs.add(
              new RawInput(
                  IngestJob.sparkPath(zone.uri(key.path())),
                  io.gridata.core.rawzone.FileFormat.CSV,
                  List.of("order_id", "customer_id", "order_timestamp"),
                  landed.sha256()));
        }

        List<Row> rows = new RawReader(spark, OrdersSpec.CONTRACT).read(inputs).collectAsList();

        assertThat(rows).hasSize(NAMES.size());
        Map<String, Row> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.getAs("order_id"), r));
        for (int i = 0; i < NAMES.size(); i++) {
          Row row = byId.get("O-" + i);
          assertThat(row.<String>getAs("_source_checksum"))
              .as(NAMES.get(i))
              .isEqualTo(inputs.get(i).sha256());
          assertThat(row.<String>getAs("_source_file"))
              .isEqualTo("s3a://" + BUCKET + "/" + DAY.prefix() + NAMES.get(i));
        }
      }
    }
  }
}
