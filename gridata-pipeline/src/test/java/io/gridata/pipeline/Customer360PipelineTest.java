package io.gridata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.run.RunId;
import io.gridata.lineage.Env;
import io.gridata.lineage.LineageSink;
import io.gridata.lineage.Owner;
import io.gridata.quality.QualitySuites;
import io.gridata.spark.clickstream.ClickstreamSpec;
import io.gridata.spark.customers.CustomersSpec;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.orders.OrdersSpec;
import io.gridata.spark.write.IcebergTables;
import io.gridata.testkit.Backend;
import io.gridata.testkit.data.FileFormat;
import io.gridata.testkit.data.FileSpec;
import io.gridata.testkit.data.RawDataGenerator;
import io.gridata.testkit.data.RawDataset;
import io.gridata.testkit.data.RawTarget;
import io.gridata.testkit.junit.LakehouseTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Customer 360 as an application embeds it: a day of customers, orders and clickstream through
 * {@link IngestPipeline}, then one builder and one call; the outcome is typed, and a quality
 * history that cannot be written after the publish is reported without losing the published result.
 */
@LakehouseTest(backend = Backend.LOCAL)
class Customer360PipelineTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 2);
  private static final String NS = "gridata.c360_embed";
  private static final Customer360Lineage.Tables TABLES =
      new Customer360Lineage.Tables(
          NS + ".customers", NS + ".orders", NS + ".clickstream", NS + ".customer_360");

  @Test
  void publishesBehindItsSuiteAndReportsAHistoryItCannotWrite(
      SparkSession spark, @TempDir Path raw, @TempDir Path out) throws IOException {
    ingestADay(spark, raw);
    // a history table of another shape: the gate judges, the append of its report fails
    String history = NS + "_broken.results";
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + NS + "_broken");
    spark.sql("CREATE TABLE " + history + " (x int) USING iceberg");
    Path lineage = out.resolve("lineage.json");
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();

    Customer360Outcome outcome =
        Customer360Pipeline.builder(spark, "gridata")
            .tables(TABLES)
            .qualityGate(QualitySuites.customer360(TABLES.customers()), history)
            .lineage(() -> LineageSink.file(lineage))
            .lineageIdentity(
                new LineageIdentity(
                    Env.STG, "staging", Owner.group("crm", Owner.Type.TECHNICAL_OWNER)))
            .console(new PrintWriter(stdout, true), new PrintWriter(stderr, true))
            .build()
            .run(DAY, RunId.of("c360-embed-1"));

    assertThat(outcome.published()).as(stdout + "\n" + stderr).isTrue();
    assertThat(outcome.refused()).isFalse();
    assertThat(outcome.runId()).isEqualTo(RunId.of("c360-embed-1"));
    assertThat(outcome.snapshotId())
        .contains(IcebergTables.load(spark, TABLES.output()).currentSnapshot().snapshotId());
    assertThat(outcome.quality()).hasValueSatisfying(q -> assertThat(q.passed()).isTrue());
    assertThat(spark.table(TABLES.output()).count())
        .isEqualTo(outcome.result().customersWritten())
        .isPositive();
    assertThat(outcome.historyError()).isPresent();
    assertThat(stderr.toString())
        .contains("quality history " + history + " not written: " + outcome.historyError().get());
    assertThat(stdout.toString())
        .contains("customer 360 as of 2026-11-02: PUBLISHED")
        .contains("    lineage: ");
    assertThat(Files.readString(lineage))
        .contains("c360_embed.customer_360,STG)")
        .contains(",analytics_customer_360,staging)")
        .contains("urn:li:corpGroup:crm")
        .doesNotContain(",PROD)");
  }

  @Test
  void aQualityHistoryThatIsNotATableNameFailsTheBuild(SparkSession spark) {
    Customer360Pipeline.Builder builder =
        Customer360Pipeline.builder(spark, "gridata")
            .qualityGate(QualitySuites.customer360(), "results");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Cannot build the Customer 360 pipeline: the quality history 'results' is not"
                + " catalog.namespace.table");
    assertThat(Customer360Pipeline.builder(spark, "lake").withoutQualityGate().build().tables())
        .isEqualTo(
            new Customer360Lineage.Tables(
                "lake.ecommerce.customers",
                "lake.ecommerce.orders",
                "lake.ecommerce.clickstream",
                "lake.analytics.customer_360"));
  }

  /** A day of the three inputs, generated from one customer pool, each through its pipeline. */
  private static void ingestADay(SparkSession spark, Path raw) throws IOException {
    RawDataGenerator.withSeed(36L)
        .withCustomerPool(40)
        .writeDrop(
            RawTarget.localDirectory(raw),
            "drop-" + DAY,
            List.of(
                FileSpec.builder(RawDataset.CUSTOMERS, DAY).format(FileFormat.CSV).rows(40).build(),
                FileSpec.builder(RawDataset.ORDERS, DAY).format(FileFormat.CSV).rows(60).build(),
                FileSpec.builder(RawDataset.CLICKSTREAM, DAY)
                    .format(FileFormat.JSON)
                    .rows(120)
                    .build()));
    try (RawZone zone = RawZone.open(raw.toUri().toString())) {
      for (IngestSpec dataset :
          List.of(new CustomersSpec(), new OrdersSpec(), new ClickstreamSpec())) {
        IngestOutcome ingested =
            IngestPipeline.builder(spark, zone, dataset)
                .table(NS + "." + dataset.dataset())
                .settle(Duration.ZERO)
                .build()
                .run(
                    RawPartition.of(dataset.domain(), dataset.dataset(), DAY),
                    RunId.generate(dataset.dataset(), DAY));
        assertThat(ingested.kind()).as(dataset.dataset()).isEqualTo(IngestOutcome.Kind.PUBLISHED);
      }
    }
  }
}
