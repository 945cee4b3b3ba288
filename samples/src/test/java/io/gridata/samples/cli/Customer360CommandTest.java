package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.core.rawzone.RawZone;
import io.gridata.lineage.DataHubSchemaValidator;
import io.gridata.samples.demo.DemoDrops;
import io.gridata.spark.clickstream.ClickstreamSpec;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.spark.customers.CustomersSpec;
import io.gridata.spark.ingest.IngestJob;
import io.gridata.spark.orders.OrdersJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gridata customer360} on tables the ingestion jobs wrote from a demo drop: the table is
 * replaced in one snapshot per run, reconciles with the inputs, passes the shipped suite, and its
 * lineage is valid DataHub metadata; bad options exit 2 before Spark does any work. Tagged {@code
 * integration}: it runs Spark in this module's JVM.
 */
@Tag("integration")
class Customer360CommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalDate DAY = LocalDate.of(2026, 11, 2);

  @TempDir Path dir;

  @Test
  void recomputesTheTableFromTheIngestedDatasetsBehindItsSuite() throws Exception {
    Path warehouse = dir.resolve("warehouse");
    DemoDrops.write(dir.resolve("zone"), DAY, 0, 120, 5);
    SparkSession spark = LocalSpark.session("test", CatalogConfig.embedded(warehouse));
    try (RawZone zone = RawZone.open(dir.resolve("zone").toUri().toString())) {
      IngestJob.builder(spark, zone, new CustomersSpec()).build().run(DAY);
      IngestJob.builder(spark, zone, new ClickstreamSpec()).build().run(DAY);
      OrdersJob.builder(spark, zone).build().run(DAY);
    }
    Path lineage = dir.resolve("lineage.json");

    CliRun first =
        CliRun.of(
            "customer360",
            "--as-of",
            DAY.toString(),
            "--warehouse",
            warehouse.toString(),
            "--lineage-file",
            lineage.toString(),
            "--lineage-env",
            "STG",
            "--lineage-owner",
            "shop-analytics");
    CliRun second =
        CliRun.of("customer360", "--as-of", DAY.toString(), "--warehouse", warehouse.toString());

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("customer 360 as of 2026-11-02: PUBLISHED")
        .contains("passed (0 of 14 rules failed)");
    assertThat(second.exitCode()).as(second.err()).isZero();
    SparkSession check = LocalSpark.session("check", CatalogConfig.embedded(warehouse));
    String table = "gridata.analytics.customer_360";
    // besides the empty snapshot Iceberg commits when the first run creates its staging branch
    assertThat(
            check
                .sql(
                    "SELECT operation FROM "
                        + table
                        + ".snapshots WHERE summary['gridata.run-id'] IS NOT NULL")
                .as(Encoders.STRING())
                .collectAsList())
        .as("one replace per run")
        .containsExactly("overwrite", "overwrite");
    Row sums =
        check
            .sql(
                "SELECT count(*), count(DISTINCT customer_id), sum(total_spent),"
                    + " (SELECT count(DISTINCT customer_id) FROM gridata.ecommerce.customers),"
                    + " (SELECT sum(total_amount) FROM gridata.ecommerce.orders o"
                    + "  WHERE status NOT IN ('CANCELLED', 'RETURNED') AND customer_id IN"
                    + "  (SELECT customer_id FROM gridata.ecommerce.customers))"
                    + " FROM "
                    + table)
            .first();
    assertThat(sums.getLong(0)).isEqualTo(sums.getLong(1)).isEqualTo(sums.getLong(3));
    assertThat(sums.getDecimal(2)).isEqualByComparingTo(sums.getDecimal(4));
    assertThat(
            check
                .sql("SELECT count(*) FROM gridata.quality.results WHERE dataset = '" + table + "'")
                .first()
                .getLong(0))
        .as("both runs' rule results in the history")
        .isPositive();

    DataHubSchemaValidator validator = new DataHubSchemaValidator();
    JsonNode proposals = JSON.readTree(lineage.toFile());
    assertThat(proposals).isNotEmpty();
    for (JsonNode proposal : proposals) {
      assertThat(validator.validate(JSON.writeValueAsString(proposal))).isEmpty();
    }
    // --lineage-env STG names the datasets' environment and the flow's cluster, --lineage-owner
    // the tables' owner; nothing is published under the defaults
    String published = Files.readString(lineage);
    assertThat(published)
        .contains("urn:li:dataset:(urn:li:dataPlatform:iceberg,analytics.customer_360,STG)")
        .contains(",stg)")
        .contains("urn:li:corpGroup:shop-analytics")
        .doesNotContain(",PROD)")
        .doesNotContain("urn:li:corpGroup:analytics\"");

    CliRun badDate = CliRun.of("customer360", "--as-of", "yesterday", "--warehouse", "x");
    assertThat(badDate.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(badDate.err()).contains("--as-of yesterday: not a date");
    CliRun noInputs =
        CliRun.of(
            "customer360",
            "--as-of",
            DAY.toString(),
            "--warehouse",
            dir.resolve("empty").toString());
    assertThat(noInputs.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(noInputs.err()).contains("ecommerce.customers does not exist");
  }
}
