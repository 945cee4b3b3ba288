package io.gridata.spark.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.spark.ingest.FileOutcome;
import io.gridata.spark.ingest.IngestJobResult;
import io.gridata.testkit.Backend;
import io.gridata.testkit.junit.LakehouseTest;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
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
 * A day of inputs ordinary tools produce, through the whole orders job on a local zone: RFC-4180
 * CSV (quoted commas, doubled quotes, line breaks, CRLF) under a name with a space, JSON lines with
 * one malformed line under a name with a non-ASCII letter, {@code #} and {@code %}, a total that
 * overflows {@code decimal(14,2)} and epoch seconds. Every file is accepted, every record counted
 * once, values stored exactly, bad records quarantined with their reason; nothing fails the day.
 */
@LakehouseTest(backend = Backend.LOCAL)
@Tag("integration")
class OrdersAwkwardInputsTest {
  private static final LocalDate DAY = LocalDate.of(2026, 12, 3);
  private static final String HEADER =
      "order_id,customer_id,order_timestamp,status,product_id,quantity,unit_price,discount,tax,"
          + "shipping_cost,currency,payment_method,channel";

  @Test
  void quotingOddNamesMalformedLinesOverflowAndEpochSecondsNeverBlockTheDay(
      SparkSession spark, @TempDir Path root) {
    String csv =
        HEADER
            + "\r\n"
            + "O-1,C-1,1796288400,paid,P-1,1,10.00,0,0,0,usd,\"visa, gold\","
            + "\"P \"\"quoted\"\"\"\r\n"
            + "O-2,C-2,2026-12-03T10:00:00.123456789Z,paid,P-1,1,10.00,0,0,0,usd,"
            + "\"visa\"\"\",\"web\r\nshop\"\r\n"
            + "O-3,C-3,2026-12-03 10:00:00,paid,P-1,1000,9999999999.99,0,0,0,usd,card,\"line1\nline2\"\r\n";
    String jsonl =
        "{\"order_id\":\"J-1\",\"customer_id\":\"C-1\",\"order_timestamp\":\"2026-12-03 11:00:00\","
            + "\"status\":\"paid\",\"quantity\":\"2\",\"unit_price\":\"5.00\"}\n"
            + "{\"order_id\":\"J-2\",\"customer_id\": oops}\n"
            + "{\"order_id\":\"J-3\",\"customer_id\":\"C-3\",\"order_timestamp\":\"1796292000000\","
            + "\"status\":\"paid\",\"quantity\":\"1\",\"unit_price\":\"12345678901\"}\n";
    RawPartition day = RawPartition.of("ecommerce", "orders", DAY);
    try (RawZone zone = RawZone.open(root.toUri().toString())) {
      zone.land(day.file("orders export.csv"), bytes(csv));
      zone.land(day.file("commandes é#50%.jsonl"), bytes(jsonl));

      IngestJobResult result =
          OrdersJob.builder(spark, zone).table("gridata.awkward.orders").build().run(DAY);

      assertThat(result.files())
          .extracting(FileOutcome::status)
          .containsOnly(FileOutcome.Status.ACCEPTED);
      assertThat(result.rowsRead()).isEqualTo(6);
      assertThat(result.rowsWritten()).isEqualTo(3);
      assertThat(result.rowsQuarantined()).isEqualTo(3);

      Map<String, Row> orders = new HashMap<>();
      spark
          .table("gridata.awkward.orders")
          .collectAsList()
          .forEach(r -> orders.put(r.getAs("order_id"), r));
      assertThat(orders).containsOnlyKeys("O-1", "O-2", "J-1");
      assertThat(orders.get("O-1").<String>getAs("payment_method")).isEqualTo("visa, gold");
      assertThat(orders.get("O-1").<String>getAs("channel")).isEqualTo("P \"quoted\"");
      assertThat(orders.get("O-1").<java.sql.Timestamp>getAs("order_ts").toInstant())
          .as("epoch seconds")
          .isEqualTo(Instant.parse("2026-12-03T09:00:00Z"));
      assertThat(orders.get("O-2").<String>getAs("payment_method")).isEqualTo("visa\"");
      assertThat(orders.get("O-2").<String>getAs("channel")).isEqualTo("web\r\nshop");
      assertThat(orders.get("O-2").<java.sql.Timestamp>getAs("order_ts").toInstant())
          .isEqualTo(Instant.parse("2026-12-03T10:00:00.123456Z"));
      assertThat(orders.get("J-1").<BigDecimal>getAs("total_amount")).isEqualByComparingTo("10");
      assertThat(orders.get("J-1").<String>getAs("_source_file"))
          .endsWith("/commandes é#50%.jsonl");

      Map<String, List<String>> reasons = new HashMap<>();
      Map<String, Row> quarantined = new HashMap<>();
      spark
          .table("gridata.awkward.orders_quarantine")
          .collectAsList()
          .forEach(
              r -> {
                String id = r.getAs("order_id") == null ? "malformed" : r.getAs("order_id");
                reasons.put(id, r.getList(r.fieldIndex("_reasons")));
                quarantined.put(id, r);
              });
      assertThat(reasons)
          .containsOnlyKeys("O-3", "J-3", "malformed")
          .containsEntry("O-3", List.of("total_amount_overflow"))
          .containsEntry("J-3", List.of("unit_price_overflow"));
      // the values of a malformed record are all null: the other rules it breaks follow
      assertThat(reasons.get("malformed")).first().isEqualTo("malformed_record");
      assertThat(quarantined.get("malformed").<String>getAs("_corrupt_record"))
          .isEqualTo("{\"order_id\":\"J-2\",\"customer_id\": oops}");
      assertThat(quarantined.get("O-3").<String>getAs("channel")).isEqualTo("line1\nline2");
    }
  }

  private static ByteArrayInputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
