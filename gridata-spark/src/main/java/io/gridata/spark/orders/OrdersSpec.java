package io.gridata.spark.orders;

import static io.gridata.core.contract.ColumnType.DECIMAL;
import static io.gridata.core.contract.ColumnType.INT;
import static io.gridata.core.contract.ColumnType.STRING;
import static io.gridata.core.contract.ColumnType.TIMESTAMP;
import static java.util.Objects.requireNonNull;

import io.gridata.core.contract.DataContract;
import io.gridata.spark.ingest.DerivedColumn;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.transform.Transform;
import io.gridata.spark.write.TableLayout;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.StructType;

/**
 * Raw orders ({@code raw/ecommerce/orders/}) into {@code gridata.ecommerce.orders}: typed and
 * defaulted by {@link OrderTransforms}, amounts and {@code order_category} derived, one row per
 * {@code order_id} (the latest {@code order_ts}). The dataset's one home: its raw contract, table
 * schema, layout and derived columns are declared here, its transforms and its default quality
 * suite ({@value #QUALITY_SUITE}) lie beside it in this package.
 */
public final class OrdersSpec implements IngestSpec {
  /**
   * Raw orders, one row per order: {@code order_id}, {@code customer_id}, {@code order_timestamp}
   * required; {@code status}, {@code product_id}, {@code quantity}, {@code unit_price}, {@code
   * discount}, {@code tax}, {@code shipping_cost}, {@code currency}, {@code payment_method}, {@code
   * channel} optional. Timestamps may be ISO-8601 text, {@code yyyy-MM-dd HH:mm:ss} (UTC), or epoch
   * seconds or milliseconds.
   */
  public static final DataContract CONTRACT =
      DataContract.builder("orders")
          .required("order_id", STRING)
          .required("customer_id", STRING)
          .required("order_timestamp", TIMESTAMP)
          .optional("status", STRING)
          .optional("product_id", STRING)
          .optional("quantity", INT)
          .optional("unit_price", DECIMAL)
          .optional("discount", DECIMAL)
          .optional("tax", DECIMAL)
          .optional("shipping_cost", DECIMAL)
          .optional("currency", STRING)
          .optional("payment_method", STRING)
          .optional("channel", STRING)
          .build();

  /** The orders table's columns (the run metadata columns follow them). */
  public static final StructType TABLE_SCHEMA =
      StructType.fromDDL(
          "order_id string NOT NULL, customer_id string NOT NULL, order_ts timestamp NOT NULL,"
              + " order_date date NOT NULL, status string NOT NULL, product_id string,"
              + " quantity int NOT NULL, unit_price decimal(12,2) NOT NULL,"
              + " discount decimal(12,2) NOT NULL, tax decimal(12,2) NOT NULL,"
              + " shipping_cost decimal(12,2) NOT NULL, currency string NOT NULL,"
              + " payment_method string NOT NULL, channel string NOT NULL,"
              + " subtotal decimal(14,2) NOT NULL, total_amount decimal(14,2) NOT NULL,"
              + " order_category string NOT NULL");

  /**
   * The default quality suite (gridata-quality's {@code QualitySuites.orders()} reads it): at least
   * one row, at most 5% quarantined, no null {@code customer_id} or {@code order_ts}, amounts and
   * times plausible, the row count steady, every customer known.
   */
  public static final String QUALITY_SUITE = "io/gridata/spark/orders/orders-suite.yaml";

  /** months(order_ts), sorted by order_ts, 128 MiB files. */
  public static final TableLayout LAYOUT =
      new TableLayout("months(order_ts)", "order_ts", TableLayout.DEFAULT_TARGET_FILE_SIZE);

  private final OrderCategories categories;

  /** With the default category thresholds ({@link OrderCategories#defaults()}). */
  public OrdersSpec() {
    this(OrderCategories.defaults());
  }

  /** With {@code categories} for {@code order_category}. */
  public OrdersSpec(OrderCategories categories) {
    this.categories = requireNonNull(categories, "categories is null");
  }

  @Override
  public String domain() {
    return OrdersJob.DOMAIN;
  }

  @Override
  public String dataset() {
    return OrdersJob.DATASET;
  }

  @Override
  public DataContract contract() {
    return CONTRACT;
  }

  @Override
  public StructType tableSchema() {
    return TABLE_SCHEMA;
  }

  @Override
  public TableLayout layout() {
    return LAYOUT;
  }

  @Override
  public Optional<String> qualitySuite() {
    return Optional.of(QUALITY_SUITE);
  }

  @Override
  public Transform prepare() {
    return OrderTransforms.prepare();
  }

  @Override
  public Transform enrich() {
    return OrderTransforms.calculateAmounts().andThen(OrderTransforms.categorize(categories));
  }

  @Override
  public List<DerivedColumn> derivedColumns() {
    return List.of(
        DerivedColumn.of("order_ts", DerivedColumn.TIMESTAMP_PARSE, "order_timestamp"),
        DerivedColumn.of("subtotal", "quantity * unit_price", "quantity", "unit_price"),
        DerivedColumn.of(
            "total_amount",
            "quantity * unit_price - discount + tax + shipping_cost",
            "quantity",
            "unit_price",
            "discount",
            "tax",
            "shipping_cost"));
  }

  @Override
  public Transform deduplicate() {
    return OrderTransforms.deduplicate();
  }
}
