package io.gridata.spark.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.contract.ColumnSpec;
import io.gridata.core.contract.ColumnType;
import io.gridata.core.rawzone.RawZone;
import io.gridata.spark.clickstream.ClickstreamSpec;
import io.gridata.spark.customers.CustomersSpec;
import io.gridata.spark.inventory.InventoryChangesSpec;
import io.gridata.spark.orders.OrdersSpec;
import io.gridata.spark.transform.Transform;
import io.gridata.spark.write.TableLayout;
import io.gridata.testkit.data.RawDataset;
import io.gridata.testkit.spark.SparkSessions;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A dataset's schema is declared once, and its transforms are held to it. */
class IngestSpecCheckTest {
  private static SparkSession spark;

  @BeforeAll
  static void spark() {
    spark = SparkSessions.shared();
  }

  static Stream<IngestSpec> shipped() {
    return Stream.of(
        new OrdersSpec(), new CustomersSpec(), new ClickstreamSpec(), new InventoryChangesSpec());
  }

  @ParameterizedTest
  @MethodSource("shipped")
  void everyShippedSpecProducesItsDeclaredSchemaAndDerivesItsColumnList(IngestSpec spec) {
    IngestSpecCheck.check(spark, spec);
    assertThat(spec.tableColumns()).containsExactly(spec.tableSchema().fieldNames());
  }

  @Test
  void theShippedContractsMatchTheDesignAndTheTestData() {
    assertThat(OrdersSpec.CONTRACT.requiredColumnNames())
        .containsExactly("order_id", "customer_id", "order_timestamp");
    assertThat(OrdersSpec.CONTRACT.column("QUANTITY").orElseThrow().type())
        .isEqualTo(ColumnType.INT);
    assertThat(CustomersSpec.CONTRACT.columns()).hasSize(7);
    assertThat(ClickstreamSpec.CONTRACT.column("session_id").orElseThrow().required()).isFalse();
    // the testkit's generated files (upstream of this module) carry the contracts' columns
    assertThat(names(new OrdersSpec())).isEqualTo(RawDataset.ORDERS.columnNames());
    assertThat(names(new CustomersSpec())).isEqualTo(RawDataset.CUSTOMERS.columnNames());
    assertThat(names(new ClickstreamSpec())).isEqualTo(RawDataset.CLICKSTREAM.columnNames());
  }

  @Test
  void aSchemaTheTransformsDoNotProduceIsNamedColumnByColumn() {
    IngestSpec wrong =
        new Reschemed(
            new OrdersSpec(),
            new StructType(
                    Stream.of(OrdersSpec.TABLE_SCHEMA.fields())
                        .map(
                            f ->
                                f.name().equals("total_amount")
                                    ? f.copy(
                                        f.name(),
                                        DataTypes.createDecimalType(12, 2),
                                        f.nullable(),
                                        f.metadata())
                                    : f)
                        .toArray(StructField[]::new))
                .add("loyalty_tier", "string"));

    assertThatThrownBy(() -> IngestSpecCheck.check(spark, wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Cannot ingest ecommerce.orders: its table schema and its transforms disagree:")
        .hasMessageContaining(
            "total_amount is produced as decimal(14,2) but declared decimal(12,2)")
        .hasMessageContaining("loyalty_tier is not produced")
        .hasMessageNotContaining("order_id");
  }

  @Test
  void transformsThatReadAColumnNobodyHasAreRefused() {
    IngestSpec wrong =
        new Reschemed(new CustomersSpec(), CustomersSpec.TABLE_SCHEMA) {
          @Override
          public Transform enrich() {
            return df -> df.withColumn("tier", col("loyalty_points").plus(1));
          }
        };

    assertThatThrownBy(() -> IngestSpecCheck.check(spark, wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Cannot ingest ecommerce.customers: its transforms do not apply to the contract's"
                + " columns")
        .hasMessageContaining("loyalty_points");
  }

  @Test
  void theJobRefusesADisagreeingSpecBeforeItTouchesAFile(@TempDir Path root) throws Exception {
    IngestSpec wrong =
        new Reschemed(
            new CustomersSpec(), StructType.fromDDL("customer_id int NOT NULL, email string"));
    try (RawZone zone = RawZone.open(root.toUri().toString())) {
      assertThatThrownBy(() -> IngestJob.builder(spark, zone, wrong).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("customer_id is produced as string but declared int");
    }
  }

  @Test
  void theTableIsCreatedFromTheDeclaredSchema(@TempDir Path warehouse) {
    SparkSession session = spark.newSession();
    session.conf().set("spark.sql.catalog.speccheck", "org.apache.iceberg.spark.SparkCatalog");
    session.conf().set("spark.sql.catalog.speccheck.type", "hadoop");
    session.conf().set("spark.sql.catalog.speccheck.warehouse", warehouse.toUri().toString());
    String table = "speccheck.ecommerce.customers";
    IngestTables.createIfMissing(session, new CustomersSpec(), table);

    StructType created = session.table(table).schema();
    for (var field : CustomersSpec.TABLE_SCHEMA.fields()) {
      assertThat(created.apply(field.name()).dataType()).isEqualTo(field.dataType());
      assertThat(created.apply(field.name()).nullable()).isEqualTo(field.nullable());
    }
    assertThat(created.fieldNames())
        .containsExactly(
            Stream.concat(
                    Stream.of(CustomersSpec.TABLE_SCHEMA.fieldNames()),
                    Stream.of("_ingested_at", "_source_file", "_source_checksum", "_run_id"))
                .toArray(String[]::new));
  }

  private static List<String> names(IngestSpec spec) {
    return spec.contract().columns().stream().map(ColumnSpec::name).toList();
  }

  /** A shipped spec with another table schema. */
  private static class Reschemed implements IngestSpec {
    private final IngestSpec spec;
    private final StructType schema;

    Reschemed(IngestSpec spec, StructType schema) {
      this.spec = spec;
      this.schema = schema;
    }

    @Override
    public String domain() {
      return spec.domain();
    }

    @Override
    public String dataset() {
      return spec.dataset();
    }

    @Override
    public io.gridata.core.contract.DataContract contract() {
      return spec.contract();
    }

    @Override
    public StructType tableSchema() {
      return schema;
    }

    @Override
    public TableLayout layout() {
      return spec.layout();
    }

    @Override
    public Transform prepare() {
      return spec.prepare();
    }

    @Override
    public Transform enrich() {
      return spec.enrich();
    }

    @Override
    public Transform deduplicate() {
      return spec.deduplicate();
    }
  }
}
