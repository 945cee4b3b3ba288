package io.gridata.spark.testkit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.testkit.data.DropManifest;
import io.gridata.testkit.data.DropPlan;
import io.gridata.testkit.data.FileDefect;
import io.gridata.testkit.data.FileFormat;
import io.gridata.testkit.data.FileManifest;
import io.gridata.testkit.data.FileSpec;
import io.gridata.testkit.data.RawDataGenerator;
import io.gridata.testkit.data.RawDataset;
import io.gridata.testkit.data.RawTarget;
import io.gridata.testkit.data.RowDefect;
import io.gridata.testkit.spark.SparkSessions;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reads generated files back with Spark and checks that they hold what the manifest promises. */
@Tag("integration")
class GeneratedFilesReadBackTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 2);

  /** The timestamp rule of the contract: ISO-8601 with offset, UTC local, or epoch millis. */
  private static final Column PARSED_TS =
      expr(
          "coalesce("
              + "try_to_timestamp(ts, \"yyyy-MM-dd'T'HH:mm:ssXXX\"),"
              + "try_to_timestamp(ts, 'yyyy-MM-dd HH:mm:ss'),"
              + "CASE WHEN ts RLIKE '^[0-9]{1,15}$' THEN timestamp_millis(CAST(ts AS BIGINT)) END)");

  @TempDir static Path root;
  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.shared();
  }

  static StructType schema(RawDataset dataset) {
    return new StructType(
        dataset.columns().stream()
            .map(
                c ->
                    new StructField(
                        c.name(),
                        switch (c.type()) {
                          case STRING -> DataTypes.StringType;
                          case INT -> DataTypes.IntegerType;
                          case DECIMAL -> DataTypes.createDecimalType(12, 2);
                        },
                        true,
                        org.apache.spark.sql.types.Metadata.empty()))
            .toArray(StructField[]::new));
  }

  static Dataset<Row> read(SparkSession spark, FileFormat format, StructType schema, String path) {
    return switch (format) {
      case CSV -> spark.read().schema(schema).option("header", "true").csv(path);
      case JSON -> spark.read().schema(schema).json(path);
      case PARQUET -> spark.read().schema(schema).parquet(path);
    };
  }

  private static Dataset<Row> write(FileSpec spec, long seed, List<FileManifest> out) {
    RawTarget target = RawTarget.localDirectory(root);
    FileManifest manifest = RawDataGenerator.withSeed(seed).write(target, spec);
    out.add(manifest);
    return read(spark, spec.format(), schema(spec.dataset()), root.resolve(spec.key()).toString());
  }

  @ParameterizedTest
  @EnumSource(FileFormat.class)
  void ordersHoldExactlyTheInjectedRowDefects(FileFormat format) {
    FileSpec spec =
        FileSpec.builder(RawDataset.ORDERS, DAY)
            .format(format)
            .rows(150)
            .fileName("defects." + format.extension())
            .rowDefect(RowDefect.BAD_TIMESTAMP, 5)
            .rowDefect(RowDefect.NEGATIVE_QUANTITY, 4)
            .rowDefect(RowDefect.NEGATIVE_PRICE, 3)
            .rowDefect(RowDefect.NULL_REQUIRED_FIELD, 6)
            .rowDefect(RowDefect.DUPLICATE_ORDER_ID, 7)
            .build();
    List<FileManifest> manifests = new java.util.ArrayList<>();
    Dataset<Row> orders = write(spec, 99, manifests).cache();
    FileManifest m = manifests.get(0);

    assertThat(orders.count()).isEqualTo(m.recordCount()).isEqualTo(157);
    Dataset<Row> parsed =
        orders.withColumn("ts", col("order_timestamp")).withColumn("parsed", PARSED_TS);
    Dataset<Row> badTs = parsed.filter("order_timestamp IS NOT NULL AND parsed IS NULL");
    assertThat(badTs.count())
        .isEqualTo(m.expectedQuarantined(RowDefect.BAD_TIMESTAMP))
        .isEqualTo(5);
    assertThat(ids(badTs))
        .isEqualTo(new HashSet<>(m.rowDefect(RowDefect.BAD_TIMESTAMP).get().ids()));
    assertThat(orders.filter("quantity < 1").count())
        .isEqualTo(m.expectedQuarantined(RowDefect.NEGATIVE_QUANTITY))
        .isEqualTo(4);
    assertThat(orders.filter("unit_price < 0").count())
        .isEqualTo(m.expectedQuarantined(RowDefect.NEGATIVE_PRICE))
        .isEqualTo(3);
    assertThat(orders.filter("order_id IS NULL OR customer_id IS NULL").count())
        .isEqualTo(m.expectedQuarantined(RowDefect.NULL_REQUIRED_FIELD))
        .isEqualTo(6);
    Dataset<Row> withIds = orders.filter("order_id IS NOT NULL");
    assertThat(withIds.count() - withIds.select("order_id").distinct().count())
        .isEqualTo(m.expectedDuplicates())
        .isEqualTo(7);
    assertThat(ids(withIds.groupBy("order_id").count().filter("count > 1")))
        .isEqualTo(new HashSet<>(m.rowDefect(RowDefect.DUPLICATE_ORDER_ID).get().ids()));

    Dataset<Row> clean =
        parsed.filter(
            "parsed IS NOT NULL AND quantity >= 1 AND unit_price >= 0"
                + " AND order_id IS NOT NULL AND customer_id IS NOT NULL");
    assertThat(clean.select("order_id").distinct().count()).isEqualTo(m.expectedCleanRows());
    assertThat(clean.count()).isEqualTo(m.expectedCleanRows() + m.expectedDuplicates());
    assertThat(
            badTs.count()
                + orders.filter("quantity < 1").count()
                + orders.filter("unit_price < 0").count()
                + orders.filter("order_id IS NULL OR customer_id IS NULL").count()
                + clean.count())
        .isEqualTo(m.recordCount());

    assertThat(
            orders
                .filter(
                    "upper(status) NOT IN ('PENDING','PAID','SHIPPED','DELIVERED',"
                        + "'CANCELLED','RETURNED')")
                .count())
        .isZero();
    assertThat(orders.filter("discount IS NULL").count()).isPositive();
    assertThat(orders.filter("currency IS NULL").count()).isPositive();
    assertThat(orders.filter("channel IS NULL").count()).isPositive();
    orders.unpersist();
  }

  @Test
  void parquetColumnsHaveTheContractTypes() {
    FileSpec spec =
        FileSpec.builder(RawDataset.ORDERS, DAY).format(FileFormat.PARQUET).rows(20).build();
    RawDataGenerator.withSeed(1).write(RawTarget.localDirectory(root), spec);
    StructType inferred = spark.read().parquet(root.resolve(spec.key()).toString()).schema();
    assertThat(inferred.apply("quantity").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(inferred.apply("unit_price").dataType())
        .isEqualTo(DataTypes.createDecimalType(12, 2));
    assertThat(inferred.apply("order_timestamp").dataType()).isEqualTo(DataTypes.StringType);
    assertThat(inferred.fieldNames()).containsExactlyElementsOf(RawDataset.ORDERS.columnNames());
  }

  @ParameterizedTest
  @EnumSource(FileFormat.class)
  void wrongHeaderFilesLackTheIdColumn(FileFormat format) {
    FileSpec spec =
        FileSpec.builder(RawDataset.ORDERS, DAY)
            .format(format)
            .rows(10)
            .fileName("wrong-header." + format.extension())
            .fileDefect(FileDefect.WRONG_HEADER)
            .build();
    RawDataGenerator.withSeed(2).write(RawTarget.localDirectory(root), spec);
    String path = root.resolve(spec.key()).toString();
    Dataset<Row> inferred =
        switch (format) {
          case CSV -> spark.read().option("header", "true").csv(path);
          case JSON -> spark.read().json(path);
          case PARQUET -> spark.read().parquet(path);
        };
    assertThat(inferred.columns()).contains("orderid", "customer_id").doesNotContain("order_id");
    assertThat(inferred.count()).isEqualTo(10);
  }

  @Test
  void emptyAndCorruptFilesDoNotReadAsData() {
    RawDataGenerator generator = RawDataGenerator.withSeed(3);
    FileSpec empty =
        FileSpec.builder(RawDataset.ORDERS, DAY)
            .format(FileFormat.CSV)
            .fileName("empty.csv")
            .fileDefect(FileDefect.EMPTY_FILE)
            .build();
    FileSpec corrupt =
        FileSpec.builder(RawDataset.ORDERS, DAY)
            .format(FileFormat.PARQUET)
            .fileName("corrupt.parquet")
            .fileDefect(FileDefect.CORRUPT_PARQUET)
            .build();
    RawTarget target = RawTarget.localDirectory(root);
    generator.write(target, empty);
    FileManifest corruptManifest = generator.write(target, corrupt);
    assertThat(root.resolve(empty.key())).isEmptyFile();
    assertThat(
            read(
                    spark,
                    FileFormat.CSV,
                    schema(RawDataset.ORDERS),
                    root.resolve(empty.key()).toString())
                .count())
        .isZero();
    assertThat(corruptManifest.fileDefectDetail()).contains("footer truncated");
    assertThatThrownBy(() -> spark.read().parquet(root.resolve(corrupt.key()).toString()).count())
        .hasStackTraceContaining("is not a Parquet file");
  }

  @Test
  void customersCoverEveryReferencedCustomerAndClickstreamHasAnonymousEvents() {
    Path dropRoot = root.resolve("drop");
    RawDataGenerator generator = RawDataGenerator.withSeed(17).withCustomerPool(25);
    DropManifest drop =
        generator.writeDrop(
            RawTarget.localDirectory(dropRoot),
            DropPlan.builder(DAY)
                .days(2)
                .ordersRowsPerFile(60)
                .clickstreamEventsPerDay(150)
                .build());
    FileManifest customersFile = drop.files(RawDataset.CUSTOMERS).get(0);
    Dataset<Row> customers =
        read(
            spark,
            FileFormat.CSV,
            schema(RawDataset.CUSTOMERS),
            dropRoot.resolve(customersFile.key()).toString());
    assertThat(customers.count()).isEqualTo(25);
    assertThat(customers.filter(col("signup_ts").isNull()).count()).isZero();
    for (RawDataset referencing : List.of(RawDataset.ORDERS, RawDataset.CLICKSTREAM)) {
      for (FileManifest f : drop.files(referencing)) {
        Dataset<Row> rows =
            read(spark, f.format(), schema(referencing), dropRoot.resolve(f.key()).toString());
        assertThat(rows.count()).as(f.key()).isEqualTo(f.recordCount());
        assertThat(
                rows.filter(col("customer_id").isNotNull())
                    .join(
                        customers,
                        rows.col("customer_id").equalTo(customers.col("customer_id")),
                        "left_anti")
                    .count())
            .as("unknown customers in %s", f.key())
            .isZero();
        if (referencing == RawDataset.CLICKSTREAM) {
          assertThat(rows.filter("customer_id IS NULL").count()).isPositive();
          assertThat(rows.filter("session_id IS NULL").count()).isPositive();
          assertThat(
                  rows.withColumn("ts", col("event_ts"))
                      .withColumn("p", PARSED_TS)
                      .filter("p IS NULL")
                      .count())
              .isZero();
        }
      }
    }
  }

  private static Set<String> ids(Dataset<Row> rows) {
    Set<String> ids = new HashSet<>();
    for (Row row : rows.select("order_id").collectAsList()) {
      ids.add(row.getString(0));
    }
    return ids;
  }
}
