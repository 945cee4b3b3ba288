package io.gridata.lineage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/** A realistic run of the orders pipeline's load step, with fixed times. */
final class Fixtures {
  static final Instant START = Instant.parse("2026-11-26T08:00:00Z");
  static final Instant END = Instant.parse("2026-11-26T08:02:30Z");

  static final DatasetRef RAW = DatasetRef.s3("lake", "raw/ecommerce/orders/", Env.PROD);
  static final DatasetRef ORDERS = DatasetRef.iceberg("ecommerce", "orders", Env.PROD);

  static final Schema ORDERS_SCHEMA =
      new Schema(
          Types.NestedField.required(1, "order_id", Types.StringType.get(), "Order key"),
          Types.NestedField.required(2, "customer_id", Types.StringType.get()),
          Types.NestedField.required(3, "order_ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(4, "quantity", Types.IntegerType.get()),
          Types.NestedField.optional(5, "unit_price", Types.DecimalType.of(12, 2)),
          Types.NestedField.optional(6, "subtotal", Types.DecimalType.of(14, 2)),
          Types.NestedField.optional(
              7, "total_amount", Types.DecimalType.of(14, 2), "subtotal - discount + tax + ship"),
          Types.NestedField.optional(8, "order_date", Types.DateType.get()),
          Types.NestedField.optional(9, "_ingested_at", Types.TimestampType.withZone()));

  static final Flow FLOW =
      Flow.of("ecommerce_orders", "prod").withDescription("Raw orders to the orders table");

  static Job job() {
    return Job.builder(FLOW, "load_orders")
        .description("Validate, clean and load raw orders")
        .inputs(RAW)
        .outputs(ORDERS)
        .columnLineage(
            ColumnLineage.of(ORDERS.field("order_id"), "IDENTITY", RAW.field("order_id")))
        .columnLineage(
            ColumnLineage.of(
                ORDERS.field("subtotal"),
                "quantity * unit_price",
                RAW.field("quantity"),
                RAW.field("unit_price")))
        .property("engine", "spark")
        .build();
  }

  static DatasetMetadata ordersMetadata() {
    return DatasetMetadata.builder(ORDERS)
        .description("Cleaned e-commerce orders, one row per order")
        .property("format", "iceberg/parquet")
        .fields(IcebergSchemas.fields(ORDERS_SCHEMA))
        .owner(Owner.group("data-platform", Owner.Type.TECHNICAL_OWNER))
        .owner(Owner.user("jdoe", Owner.Type.BUSINESS_OWNER))
        .tags("ecommerce", "production")
        .build();
  }

  static List<AssertionResult> assertions() {
    return List.of(
        new AssertionResult(
            "orders.order_id_unique",
            ORDERS,
            List.of("order_id"),
            AssertionResult.Severity.ERROR,
            AssertionResult.Status.PASSED,
            0.0,
            0.0,
            "order_id is unique",
            END,
            Map.of("rowCount", "1000")),
        AssertionResult.of(
            "orders.total_amount_non_negative",
            ORDERS,
            AssertionResult.Severity.WARN,
            AssertionResult.Status.FAILED,
            0.02,
            0.01,
            END));
  }

  static RunLineage run(RunStatus status) {
    Run run = new Run("run-20261126-0800", START, END, status, 1, Map.of("rowsWritten", "1000"));
    return RunLineage.builder(job(), run)
        .dataset(ordersMetadata())
        .assertions(assertions())
        .build();
  }

  private Fixtures() {}
}
