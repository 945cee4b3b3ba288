package io.gridata.spark.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.testkit.assertions.DatasetAssert;
import io.gridata.testkit.spark.SparkSessions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatasetAssertTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType, false)
          .add("qty", DataTypes.IntegerType, true)
          .add("price", DataTypes.createDecimalType(12, 2), true)
          .add("score", DataTypes.DoubleType, true);

  private static SparkSession spark;
  private static Dataset<Row> orders;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.shared();
    orders =
        spark.createDataFrame(
            List.of(
                RowFactory.create("O1", 2, new BigDecimal("9.99"), 0.1 + 0.2),
                RowFactory.create("O2", null, new BigDecimal("1.50"), 1.0),
                RowFactory.create("O3", 1, null, null)),
            SCHEMA);
  }

  @Test
  void rowsMatchInAnyOrderWithDoubleToleranceAndDecimalsByValue() {
    DatasetAssert.assertThat(orders)
        .hasRowCount(3)
        .containsExactlyInAnyOrder(
            RowFactory.create("O3", 1, null, null),
            RowFactory.create("O2", null, new BigDecimal("1.5"), 1.0),
            RowFactory.create("O1", 2L, new BigDecimal("9.990"), 0.3));
    DatasetAssert.assertThat(orders)
        .withTolerance(0.01)
        .containsExactlyInAnyOrder(
            RowFactory.create("O1", 2, new BigDecimal("9.99"), 0.305),
            RowFactory.create("O2", null, new BigDecimal("1.50"), 0.995),
            RowFactory.create("O3", 1, null, null));
  }

  @Test
  void toleranceIsAbsoluteAndDefaultsToTiny() {
    assertThatThrownBy(
            () ->
                DatasetAssert.assertThat(orders)
                    .containsExactlyInAnyOrder(
                        RowFactory.create("O1", 2, new BigDecimal("9.99"), 0.305),
                        RowFactory.create("O2", null, new BigDecimal("1.50"), 1.0),
                        RowFactory.create("O3", 1, null, null)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("missing rows (expected, not found): 1")
        .hasMessageContaining("{id=\"O1\", qty=2, price=9.99, score=0.305}")
        .hasMessageContaining("unexpected rows (found, not expected): 1")
        .hasMessageContaining("{id=\"O1\", qty=2, price=9.99, score=0.30000000000000004}");
  }

  @Test
  void failureListsMissingAndUnexpectedRowsCappedAtTwenty() {
    List<Row> many = new ArrayList<>();
    List<Row> others = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      many.add(RowFactory.create("A" + i, i, null, null));
      others.add(RowFactory.create("B" + i, i, null, null));
    }
    Dataset<Row> actual = spark.createDataFrame(many, SCHEMA);
    assertThatThrownBy(() -> DatasetAssert.assertThat(actual).containsExactlyInAnyOrder(others))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("it has 25 rows where 25 were expected")
        .hasMessageContaining("missing rows (expected, not found): 25")
        .hasMessageContaining("{id=\"B19\", qty=19, price=null, score=null}")
        .hasMessageNotContaining("\"B20\"")
        .hasMessageContaining("unexpected rows (found, not expected): 25")
        .hasMessageContaining("\"A19\"")
        .hasMessageNotContaining("\"A20\"")
        .hasMessageContaining("... and 5 more");
  }

  @Test
  void duplicatesAreCounted() {
    assertThatThrownBy(
            () ->
                DatasetAssert.assertThat(orders)
                    .containsExactlyInAnyOrder(
                        RowFactory.create("O1", 2, new BigDecimal("9.99"), 0.3),
                        RowFactory.create("O1", 2, new BigDecimal("9.99"), 0.3),
                        RowFactory.create("O2", null, new BigDecimal("1.50"), 1.0),
                        RowFactory.create("O3", 1, null, null)))
        .hasMessageContaining("it has 3 rows where 4 were expected")
        .hasMessageContaining("missing rows (expected, not found): 1")
        .hasMessageContaining("unexpected rows (found, not expected): 0");
  }

  @Test
  void expectedRowsOfTheWrongWidthAreExplained() {
    assertThatThrownBy(
            () ->
                DatasetAssert.assertThat(orders).containsExactlyInAnyOrder(RowFactory.create("O1")))
        .hasMessageContaining("{_1=\"O1\"}")
        .hasMessageContaining("an expected row has 1 values but the dataset has 4 columns");
  }

  @Test
  void equalDatasetsIgnoringOrderAndColumnOrder() {
    Dataset<Row> expected =
        spark
            .createDataFrame(
                List.of(
                    RowFactory.create("O3", 1, null, null),
                    RowFactory.create("O2", null, new BigDecimal("1.5"), 1.0),
                    RowFactory.create("O1", 2, new BigDecimal("9.99"), 0.3)),
                SCHEMA)
            .select("score", "id", "price", "qty");
    DatasetAssert.assertThat(orders).isEqualToIgnoringOrder(expected);
    assertThatThrownBy(
            () -> DatasetAssert.assertThat(orders).isEqualToIgnoringOrder(expected.limit(2)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("missing rows (expected, not found): 0")
        .hasMessageContaining("unexpected rows (found, not expected): 1");
  }

  @Test
  void datasetsWithDifferentColumnsAreReportedFieldByField() {
    Dataset<Row> expected = orders.drop("score").withColumnRenamed("qty", "quantity");
    assertThatThrownBy(() -> DatasetAssert.assertThat(orders).isEqualToIgnoringOrder(expected))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected datasets to have the same columns but:")
        .hasMessageContaining("missing field 'quantity' (int)")
        .hasMessageContaining("unexpected field 'qty' (int)")
        .hasMessageContaining("unexpected field 'score' (double)");
  }

  @Test
  void schemaIsComparedFieldByField() {
    DatasetAssert.assertThat(orders).hasSchema(SCHEMA).hasColumns("price", "id");
    StructType expected =
        new StructType()
            .add("id", DataTypes.StringType, true)
            .add("price", DataTypes.DoubleType, true)
            .add("qty", DataTypes.IntegerType, true)
            .add("total", DataTypes.DoubleType, true);
    assertThatThrownBy(() -> DatasetAssert.assertThat(orders).hasSchema(expected))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("missing field 'total' (double)")
        .hasMessageContaining("unexpected field 'score' (double)")
        .hasMessageContaining("field 'id': expected nullable=true but was nullable=false")
        .hasMessageContaining("field 'price': expected at position 1 but is at 2")
        .hasMessageContaining("field 'price': expected type double but was decimal(12,2)")
        .hasMessageContaining("field 'qty': expected at position 2 but is at 1");
    StructType nullableOnly =
        new StructType()
            .add("id", DataTypes.StringType, true)
            .add("qty", DataTypes.IntegerType, false)
            .add("price", DataTypes.createDecimalType(12, 2), true)
            .add("score", DataTypes.DoubleType, true);
    DatasetAssert.assertThat(orders).hasSchemaIgnoringNullability(nullableOnly);
    assertThatThrownBy(() -> DatasetAssert.assertThat(orders).hasSchema(nullableOnly))
        .hasMessageContaining("field 'qty': expected nullable=false but was nullable=true");
  }

  @Test
  void missingColumnsAndWrongCountsFailWithTheActualValues() {
    assertThatThrownBy(() -> DatasetAssert.assertThat(orders).hasColumns("id", "total"))
        .hasMessageContaining("these are missing: [total]")
        .hasMessageContaining("actual columns: [id, qty, price, score]");
    assertThatThrownBy(() -> DatasetAssert.assertThat(orders).hasRowCount(4))
        .hasMessageContaining("Expected dataset to have 4 rows but it has 3");
    assertThatThrownBy(() -> DatasetAssert.assertThat(orders).isEmpty())
        .hasMessageContaining("Expected dataset to be empty but it has rows");
    DatasetAssert.assertThat(orders.filter("id = 'none'")).isEmpty();
  }

  @Test
  void nestedArraysStructsAndMapsCompareByValue() {
    Dataset<Row> nested =
        spark.sql(
            "SELECT 1 AS k, array(1.0D, 2.0D) AS xs, named_struct('a', 0.1D + 0.2D, 'b', 'x') AS s,"
                + " map('m', 3.0D) AS m");
    DatasetAssert.assertThat(nested)
        .withTolerance(1e-6)
        .containsExactlyInAnyOrder(
            RowFactory.create(
                1,
                List.of(1.0, 2.0000001),
                RowFactory.create(0.3, "x"),
                java.util.Map.of("m", 3.0)));
    assertThatThrownBy(
            () ->
                DatasetAssert.assertThat(nested)
                    .containsExactlyInAnyOrder(
                        RowFactory.create(
                            1,
                            List.of(1.0),
                            RowFactory.create(0.3, "x"),
                            java.util.Map.of("m", 3.0))))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("missing rows (expected, not found): 1");
  }

  @Test
  void descriptionPrefixesTheMessage() {
    assertThatThrownBy(() -> DatasetAssert.assertThat(orders).as("orders table").hasRowCount(1))
        .hasMessageStartingWith("[orders table]");
    assertThat(DatasetAssert.MAX_LISTED).isEqualTo(20);
  }
}
