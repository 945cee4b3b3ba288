package io.gridata.spark.orders;

import static java.util.Objects.requireNonNull;

import io.gridata.core.contract.Contracts;
import io.gridata.core.contract.DataContract;
import io.gridata.spark.ingest.DerivedColumn;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.transform.OrderCategories;
import io.gridata.spark.transform.OrderTransforms;
import io.gridata.spark.transform.Transform;
import io.gridata.spark.write.TableLayout;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Raw orders ({@code raw/ecommerce/orders/}) into {@code gridata.ecommerce.orders}: typed and
 * defaulted by {@link OrderTransforms}, amounts and {@code order_category} derived, one row per
 * {@code order_id} (the latest {@code order_ts}).
 */
public final class OrdersSpec implements IngestSpec {
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
    return Contracts.orders();
  }

  @Override
  public TableLayout layout() {
    return OrdersTable.LAYOUT;
  }

  @Override
  public void createTable(SparkSession spark, String table) {
    OrdersTable.createTable(spark, table);
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

  @Override
  public List<String> tableColumns() {
    return OrderTransforms.TABLE_COLUMNS;
  }
}
