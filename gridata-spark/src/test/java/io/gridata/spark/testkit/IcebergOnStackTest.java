package io.gridata.spark.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.testkit.Backend;
import io.gridata.testkit.CatalogEndpoint;
import io.gridata.testkit.junit.LakehouseTest;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

@LakehouseTest(backend = Backend.LOCAL)
@Tag("integration")
class IcebergOnStackTest {

  @Test
  void sparkWritesMonthPartitionedIcebergThroughRestCatalogIntoS3(
      SparkSession spark, CatalogEndpoint catalog, S3Client s3) throws Exception {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS gridata.smoke");
    spark.sql(
        "CREATE TABLE gridata.smoke.events (id bigint, ts timestamp, note string) "
            + "USING iceberg PARTITIONED BY (months(ts))");
    spark.sql(
        "INSERT INTO gridata.smoke.events VALUES "
            + "(1, TIMESTAMP '2026-01-15 10:00:00', 'a'), (2, TIMESTAMP '2026-02-01 00:00:00', 'b')");
    spark.sql("INSERT INTO gridata.smoke.events VALUES (3, TIMESTAMP '2026-02-28 23:59:59', 'c')");

    List<Row> rows =
        spark.sql("SELECT id, note FROM gridata.smoke.events ORDER BY id").collectAsList();
    List<Row> partitions =
        spark
            .sql(
                "SELECT partition.ts_month, record_count FROM gridata.smoke.events.partitions ORDER BY 1")
            .collectAsList();

    assertThat(rows).extracting(r -> r.getLong(0)).containsExactly(1L, 2L, 3L);
    assertThat(partitions).hasSize(2);
    assertThat(partitions).extracting(r -> r.getLong(1)).containsExactly(1L, 2L);

    try (RESTCatalog client = catalog.newClient("check")) {
      Table table = client.loadTable(TableIdentifier.of("smoke", "events"));
      List<Snapshot> snapshots = new java.util.ArrayList<>();
      table.snapshots().forEach(snapshots::add);
      assertThat(snapshots).hasSize(2);
      assertThat(table.currentSnapshot().summary()).containsEntry("total-records", "3");
      assertThat(table.spec().fields())
          .singleElement()
          .satisfies(f -> assertThat(f.transform().toString()).isEqualTo("month"));
      assertThat(table.location()).startsWith(catalog.warehouse());
    }
    assertThat(spark.sql("SELECT * FROM gridata.smoke.events.snapshots").count()).isEqualTo(2);

    List<String> dataFiles =
        s3
            .listObjectsV2Paginator(b -> b.bucket("warehouse").prefix("smoke/events/data/"))
            .contents()
            .stream()
            .map(S3Object::key)
            .filter(k -> k.endsWith(".parquet"))
            .toList();
    assertThat(dataFiles).hasSize(3).allMatch(k -> k.contains("ts_month="));
  }
}
