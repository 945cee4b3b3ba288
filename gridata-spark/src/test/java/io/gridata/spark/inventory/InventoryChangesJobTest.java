package io.gridata.spark.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.spark.ingest.IngestJob;
import io.gridata.spark.ingest.IngestJobResult;
import io.gridata.testkit.Backend;
import io.gridata.testkit.junit.LakehouseTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inventory changes from raw files through the batch job, with the spec the stream uses: typed,
 * quarantined with their reasons, one row per change_id; the stock rebuilt from the changes table
 * is the sum of the distinct valid deltas.
 */
@LakehouseTest(backend = Backend.LOCAL)
@Tag("integration")
class InventoryChangesJobTest {
  private static final LocalDate DAY = LocalDate.of(2026, 12, 2);

  @Test
  void changesAreTypedQuarantinedAndDeduplicated(SparkSession spark, @TempDir Path root) {
    String csv =
        "change_id,product_id,quantity_delta,change_ts,reason\n"
            + "k1,p1,10,2026-12-02T08:00:00Z,Restock\n"
            + "k2,p1, -4 ,2026-12-02 09:00:00,sale\n"
            + "k3,p2,+3,1796198400,return\n"
            + "k3,p2,+3,1796198400,return\n"
            + "k4,p2,1.5,2026-12-02T10:00:00Z,sale\n"
            + "k5,,1,2026-12-02T10:00:00Z,sale\n"
            + "k6,p1,99999999999,2026-12-02T10:00:00Z,sale\n"
            + ",p1,1,noon,sale\n";
    String table = "gridata.inv_batch.inventory_changes";
    try (RawZone zone = RawZone.open(root.toUri().toString())) {
      zone.land(
          RawPartition.of("ecommerce", "inventory_changes", DAY).file("changes.csv"), bytes(csv));
      IngestJobResult result =
          IngestJob.builder(spark, zone, new InventoryChangesSpec()).table(table).build().run(DAY);

      assertThat(result.rowsRead()).isEqualTo(8);
      assertThat(result.rowsWritten()).isEqualTo(3);
      assertThat(result.rowsQuarantined()).isEqualTo(4);
      Map<String, Long> stock = new HashMap<>();
      spark
          .sql("SELECT product_id, sum(quantity_delta) FROM " + table + " GROUP BY product_id")
          .collectAsList()
          .forEach(r -> stock.put(r.getString(0), r.getLong(1)));
      assertThat(stock).isEqualTo(Map.of("p1", 6L, "p2", 3L));
      Row k1 = spark.table(table).where("change_id = 'k1'").first();
      assertThat(k1.<String>getAs("reason")).isEqualTo("restock");
      Map<String, List<String>> reasons = new HashMap<>();
      spark
          .table(table + "_quarantine")
          .collectAsList()
          .forEach(
              r ->
                  reasons.put(
                      String.valueOf(r.<String>getAs("change_id")),
                      r.<String>getList(r.fieldIndex("_reasons"))));
      assertThat(reasons)
          .containsOnly(
              Map.entry("k4", List.of("invalid_quantity_delta")),
              Map.entry("k5", List.of("missing_product_id")),
              Map.entry("k6", List.of("invalid_quantity_delta")),
              Map.entry("null", List.of("missing_change_id", "invalid_change_ts")));
    }
  }

  private static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
