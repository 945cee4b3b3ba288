package io.gridata.spark.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.spark.transform.IngestColumns;
import io.gridata.spark.transform.IngestTransforms;
import io.gridata.spark.transform.RowChecks;
import io.gridata.testkit.spark.SparkSessions;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OrderTransformsTest {
  private static SparkSession spark;

  @BeforeAll
  static void spark() {
    spark = SparkSessions.shared();
  }

  @Test
  void parsesTheThreeAcceptedTimestampFormatsAsUtc() {
    Dataset<Row> parsed =
        OrderTransforms.parseTimestamp()
            .apply(
                orders(
                    order("a", Map.of("order_timestamp", "2026-11-01T10:15:30+02:00")),
                    order("b", Map.of("order_timestamp", "2026-11-01 08:15:30")),
                    order("c", Map.of("order_timestamp", "1793520930000")),
                    order("d", Map.of("order_timestamp", "2026-11-01T08:15:30.250Z")),
                    order("e", Map.of("order_timestamp", "01/11/2026 08:15")),
                    order("f", Map.of("order_timestamp", "2026-13-45 25:61:00"))));

    Map<String, Timestamp> byId = new HashMap<>();
    parsed
        .select("order_id", "order_ts")
        .collectAsList()
        .forEach(r -> byId.put(r.getString(0), r.getTimestamp(1)));

    assertThat(byId.get("a").toInstant()).isEqualTo(Instant.parse("2026-11-01T08:15:30Z"));
    assertThat(byId.get("b").toInstant()).isEqualTo(Instant.parse("2026-11-01T08:15:30Z"));
    assertThat(byId.get("c").toInstant()).isEqualTo(Instant.ofEpochMilli(1793520930000L));
    assertThat(byId.get("d").toInstant()).isEqualTo(Instant.parse("2026-11-01T08:15:30.250Z"));
    assertThat(byId.get("e")).isNull();
    assertThat(byId.get("f")).isNull();
  }

  @Test
  void epochSecondsAndMillisAreToldApartByDigitsAndFractionsOfUpToNineDigitsAreTruncated() {
    Dataset<Row> parsed =
        OrderTransforms.parseTimestamp()
            .apply(
                orders(
                    order("seconds", Map.of("order_timestamp", "1793520930")),
                    order("seconds-11", Map.of("order_timestamp", "99999999999")),
                    order("millis-12", Map.of("order_timestamp", "100000000000")),
                    order("millis", Map.of("order_timestamp", "1793520930123")),
                    order("too-long", Map.of("order_timestamp", "17935209301234")),
                    order("nanos", Map.of("order_timestamp", "2026-11-01T08:15:30.123456789Z")),
                    order(
                        "nanos-plain", Map.of("order_timestamp", "2026-11-01 08:15:30.987654321")),
                    order("tenth", Map.of("order_timestamp", "2026-11-01 08:15:30.5")),
                    order(
                        "ten-digits",
                        Map.of("order_timestamp", "2026-11-01T08:15:30.1234567891Z"))));

    Map<String, Timestamp> byId = new HashMap<>();
    parsed
        .select("order_id", "order_ts")
        .collectAsList()
        .forEach(r -> byId.put(r.getString(0), r.getTimestamp(1)));

    assertThat(byId.get("seconds").toInstant()).isEqualTo(Instant.ofEpochSecond(1793520930L));
    assertThat(byId.get("seconds-11").toInstant()).isEqualTo(Instant.ofEpochSecond(99999999999L));
    assertThat(byId.get("millis-12").toInstant()).isEqualTo(Instant.ofEpochMilli(100000000000L));
    assertThat(byId.get("millis").toInstant()).isEqualTo(Instant.ofEpochMilli(1793520930123L));
    assertThat(byId.get("too-long")).isNull();
    assertThat(byId.get("nanos").toInstant())
        .isEqualTo(Instant.parse("2026-11-01T08:15:30.123456Z"));
    assertThat(byId.get("nanos-plain").toInstant())
        .isEqualTo(Instant.parse("2026-11-01T08:15:30.987654Z"));
    assertThat(byId.get("tenth").toInstant()).isEqualTo(Instant.parse("2026-11-01T08:15:30.5Z"));
    assertThat(byId.get("ten-digits")).isNull();
  }

  @Test
  void numbersTooLargeForTheirColumnsGoToQuarantineAsOverflowsAndNeverFailTheJob() {
    Dataset<Row> out =
        OrderTransforms.prepare()
            // what IngestBatch does with row checks: amounts derived on every row, invalid ones too
            .andThen(OrderTransforms.calculateAmounts())
            .apply(
                orders(
                    order(
                        "big-subtotal", Map.of("quantity", "1000", "unit_price", "9999999999.99")),
                    order(
                        "big-total",
                        Map.of(
                            "quantity",
                            "100",
                            "unit_price",
                            "9999999999.99",
                            "tax",
                            "9999999999.99")),
                    order("big-price", Map.of("unit_price", "12345678901.00")),
                    order("big-quantity", Map.of("quantity", "3000000000")),
                    order("big-tax", Map.of("tax", "1e11")),
                    order("big-negative-discount", Map.of("discount", "-99999999999")),
                    order("exponent", Map.of("unit_price", "1.5e3")),
                    order("nan", Map.of("unit_price", "NaN")),
                    order(
                        "largest",
                        Map.of(
                            "quantity",
                            "100",
                            "unit_price",
                            "9999999999.99",
                            "discount",
                            "0",
                            "tax",
                            "0",
                            "shipping_cost",
                            "0"))));

    Map<String, Row> byId = new HashMap<>();
    out.collectAsList().forEach(r -> byId.put(r.getAs("order_id"), r));
    Map<String, List<String>> errors = new HashMap<>();
    byId.forEach((id, r) -> errors.put(id, r.getList(r.fieldIndex("_errors"))));

    assertThat(errors)
        .containsEntry("big-subtotal", List.of("total_amount_overflow"))
        .containsEntry("big-total", List.of("total_amount_overflow"))
        .containsEntry("big-price", List.of("unit_price_overflow"))
        .containsEntry("big-quantity", List.of("quantity_overflow"))
        .containsEntry("big-tax", List.of("tax_overflow"))
        .containsEntry("big-negative-discount", List.of("discount_overflow"))
        .containsEntry("exponent", List.of())
        .containsEntry("nan", List.of("invalid_unit_price"))
        .containsEntry("largest", List.of());
    assertThat(byId.get("exponent").<BigDecimal>getAs("unit_price")).isEqualByComparingTo("1500");
    assertThat(byId.get("largest").<BigDecimal>getAs("subtotal"))
        .isEqualByComparingTo("999999999999.00");
    assertThat(byId.get("largest").<BigDecimal>getAs("total_amount"))
        .isEqualByComparingTo("999999999999.00");
    assertThat(out.columns()).doesNotContain("_overflow");
  }

  @Test
  void defaultsAbsentOptionalValuesButNeverUnparseableOnes() {
    Map<String, String> blanks = new HashMap<>();
    blanks.put("discount", null);
    blanks.put("tax", " ");
    blanks.put("currency", null);
    blanks.put("payment_method", null);
    blanks.put("channel", "");
    Dataset<Row> out =
        OrderTransforms.normalizeValues()
            .andThen(OrderTransforms.parseTimestamp())
            .andThen(OrderTransforms.castAndDefault())
            .andThen(OrderTransforms.flagInvalid())
            .apply(orders(order("a", blanks), order("b", Map.of("discount", "ten"))));

    Row a = out.filter("order_id = 'a'").first();
    Row b = out.filter("order_id = 'b'").first();

    assertThat(a.<BigDecimal>getAs("discount")).isEqualByComparingTo("0");
    assertThat(a.<BigDecimal>getAs("tax")).isEqualByComparingTo("0");
    assertThat(a.<String>getAs("currency")).isEqualTo("USD");
    assertThat(a.<String>getAs("payment_method")).isEqualTo("unknown");
    assertThat(a.<String>getAs("channel")).isEqualTo("unknown");
    assertThat(a.getList(a.fieldIndex("_errors"))).isEmpty();
    assertThat(b.getList(b.fieldIndex("_errors"))).containsExactly("invalid_amounts");
  }

  @Test
  void namesEveryBrokenRuleOfARow() {
    Map<String, String> bad = new HashMap<>();
    bad.put("customer_id", null);
    bad.put("order_timestamp", "yesterday");
    bad.put("quantity", "0");
    bad.put("unit_price", "-1.00");
    bad.put("status", "LOST");
    bad.put("currency", "EURO");
    Dataset<Row> flagged =
        OrderTransforms.prepare()
            .apply(orders(order("x", bad), order("ok", Map.of("status", " paid "))));

    Row x = flagged.filter("order_id = 'x'").first();
    Row ok = flagged.filter("order_id = 'ok'").first();

    assertThat(x.<String>getList(x.fieldIndex("_errors")))
        .containsExactly(
            "missing_customer_id",
            "invalid_order_timestamp",
            "invalid_quantity",
            "invalid_unit_price",
            "invalid_status",
            "invalid_currency");
    assertThat(ok.getList(ok.fieldIndex("_errors"))).isEmpty();
    assertThat(ok.<String>getAs("status")).isEqualTo("PAID");
  }

  @Test
  void computesAmountsInDecimalsAndCategorizesAtBoundaries() {
    Dataset<Row> out =
        OrderTransforms.prepare()
            .andThen(OrderTransforms.calculateAmounts())
            .andThen(OrderTransforms.categorize(OrderCategories.defaults()))
            .apply(
                orders(
                    order(
                        "a",
                        Map.of(
                            "quantity",
                            "3",
                            "unit_price",
                            "0.10",
                            "discount",
                            "0.05",
                            "tax",
                            "0.01",
                            "shipping_cost",
                            "0.00")),
                    order(
                        "b",
                        Map.of(
                            "quantity",
                            "1",
                            "unit_price",
                            "50.00",
                            "discount",
                            "0",
                            "tax",
                            "0",
                            "shipping_cost",
                            "0")),
                    order(
                        "c",
                        Map.of(
                            "quantity",
                            "2",
                            "unit_price",
                            "499.995",
                            "discount",
                            "0",
                            "tax",
                            "0",
                            "shipping_cost",
                            "0"))));

    Map<String, Row> byId = new HashMap<>();
    out.collectAsList().forEach(r -> byId.put(r.getAs("order_id"), r));

    assertThat(byId.get("a").<BigDecimal>getAs("subtotal")).isEqualByComparingTo("0.30");
    assertThat(byId.get("a").<BigDecimal>getAs("total_amount")).isEqualByComparingTo("0.26");
    assertThat(byId.get("a").<String>getAs("order_category")).isEqualTo("small");
    assertThat(byId.get("b").<String>getAs("order_category")).isEqualTo("medium");
    assertThat(byId.get("c").<BigDecimal>getAs("unit_price")).isEqualByComparingTo("500.00");
    assertThat(byId.get("c").<String>getAs("order_category")).isEqualTo("premium");
  }

  @Test
  void deduplicationKeepsTheLatestOrderAndDropsTheRest() {
    Dataset<Row> out =
        OrderTransforms.prepare()
            .andThen(OrderTransforms.deduplicate())
            .apply(
                orders(
                    order(
                        "a", Map.of("order_timestamp", "2026-11-01 10:00:00", "status", "PENDING")),
                    order(
                        "a", Map.of("order_timestamp", "2026-11-01 12:00:00", "status", "SHIPPED")),
                    order("a", Map.of("order_timestamp", "2026-11-01 11:00:00", "status", "PAID")),
                    order("b", Map.of())));

    assertThat(out.count()).isEqualTo(2);
    assertThat(out.filter("order_id = 'a'").first().<String>getAs("status")).isEqualTo("SHIPPED");
  }

  @Test
  void tiesAreBrokenTheSameWayWhateverTheRunAndChecksIgnoreNullReasons() {
    Dataset<Row> ties =
        orders(
            order("t", Map.of("unit_price", "10.00")),
            order("t", Map.of("unit_price", "20.00")),
            order("t", Map.of("unit_price", "30.00")));
    List<String> winners = new ArrayList<>();
    for (String run : List.of("run-1", "run-2", "run-3")) {
      winners.add(
          OrderTransforms.prepare()
              .andThen(
                  IngestTransforms.addRunMetadata(run, Instant.now().plusSeconds(run.length())))
              .andThen(OrderTransforms.deduplicate())
              .apply(ties)
              .first()
              .<BigDecimal>getAs("unit_price")
              .toPlainString());
    }
    assertThat(winners).as("same input, same kept row").containsOnly(winners.get(0));

    RowChecks twoChecks =
        () ->
            org.apache.spark.sql.functions.array(
                org.apache.spark.sql.functions.when(
                    org.apache.spark.sql.functions.col("unit_price").gt(25),
                    org.apache.spark.sql.functions.lit("pricey")),
                org.apache.spark.sql.functions.when(
                    org.apache.spark.sql.functions.col("quantity").gt(100),
                    org.apache.spark.sql.functions.lit("bulk")));
    Map<String, List<String>> reasons = new HashMap<>();
    OrderTransforms.prepare()
        .andThen(IngestTransforms.applyChecks(twoChecks))
        .apply(ties)
        .select("unit_price", "_errors")
        .collectAsList()
        .forEach(r -> reasons.put(r.getDecimal(0).toPlainString(), r.getList(1)));
    assertThat(reasons)
        .containsEntry("10.00", List.of())
        .containsEntry("20.00", List.of())
        .containsEntry("30.00", List.of("pricey"));
  }

  @Test
  void rawValuesSurviveNormalizationExactlyForTheRowsBoundForQuarantine() {
    Map<String, String> messy = new HashMap<>();
    messy.put("customer_id", " c-9 ");
    messy.put("order_timestamp", "someday");
    messy.put("product_id", "");
    messy.put("quantity", " 3x");
    messy.put("currency", null);
    Dataset<Row> out =
        OrderTransforms.prepare()
            .andThen(IngestTransforms.dropRawOfValidRows(OrderColumns.RAW_COLUMNS))
            .apply(orders(order("a", Map.of()), order("b", messy)));

    Row b = out.filter("order_id = 'b'").first();
    Map<String, String> expected = order("b", messy);
    for (String column : OrderColumns.RAW_COLUMNS) {
      assertThat(b.<String>getAs(IngestColumns.raw(column)))
          .as(column)
          .isEqualTo(expected.get(column));
    }
    assertThat(b.<String>getList(b.fieldIndex("_errors")))
        .contains("invalid_order_timestamp", "invalid_quantity");
    // "a" is valid: nothing of it is kept twice
    Row a = out.filter("order_id = 'a'").first();
    assertThat(a.<String>getList(a.fieldIndex("_errors"))).isEmpty();
    for (String column : OrderColumns.RAW_COLUMNS) {
      assertThat(a.<String>getAs(IngestColumns.raw(column))).as(column).isNull();
    }
  }

  private static Map<String, String> order(String id, Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>();
    values.put("order_id", id);
    values.put("customer_id", "c-1");
    values.put("order_timestamp", "2026-11-01 08:00:00");
    values.put("status", "paid");
    values.put("product_id", "p-1");
    values.put("quantity", "2");
    values.put("unit_price", "10.00");
    values.put("discount", "1.00");
    values.put("tax", "0.50");
    values.put("shipping_cost", "4.99");
    values.put("currency", "usd");
    values.put("payment_method", "card");
    values.put("channel", "web");
    values.putAll(overrides);
    return values;
  }

  @SafeVarargs
  private static Dataset<Row> orders(Map<String, String>... orders) {
    List<StructField> fields = new ArrayList<>();
    for (String name : OrderColumns.RAW_COLUMNS) {
      fields.add(DataTypes.createStructField(name, DataTypes.StringType, true));
    }
    fields.add(DataTypes.createStructField(IngestColumns.SOURCE_FILE, DataTypes.StringType, true));
    List<Row> rows = new ArrayList<>();
    for (Map<String, String> order : orders) {
      Object[] values = new Object[fields.size()];
      for (int i = 0; i < OrderColumns.RAW_COLUMNS.size(); i++) {
        values[i] = order.get(OrderColumns.RAW_COLUMNS.get(i));
      }
      values[values.length - 1] = "file:/raw/orders.csv";
      rows.add(RowFactory.create(values));
    }
    return spark
        .createDataFrame(rows, DataTypes.createStructType(fields))
        .select(
            Arrays.stream(fields.stream().map(StructField::name).toArray(String[]::new))
                .map(org.apache.spark.sql.functions::col)
                .toArray(org.apache.spark.sql.Column[]::new));
  }
}
