package io.gridata.pipeline;

import static io.gridata.quality.Checks.completeness;
import static io.gridata.quality.Checks.hasSize;
import static io.gridata.quality.Checks.isUnique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.run.RunId;
import io.gridata.core.run.RunSummary;
import io.gridata.lineage.DataHubSchemaValidator;
import io.gridata.lineage.Env;
import io.gridata.lineage.LineageSink;
import io.gridata.lineage.Owner;
import io.gridata.quality.IcebergMetricHistory;
import io.gridata.quality.QualitySuite;
import io.gridata.spark.orders.OrdersSpec;
import io.gridata.testkit.data.DropManifest;
import io.gridata.testkit.data.FileFormat;
import io.gridata.testkit.data.FileSpec;
import io.gridata.testkit.data.RawDataGenerator;
import io.gridata.testkit.data.RawDataset;
import io.gridata.testkit.data.RawTarget;
import io.gridata.testkit.data.RowDefect;
import io.gridata.testkit.junit.LakehouseTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The composed pipeline as a Spark application embeds it: a day of orders from a raw zone through
 * the quality gate into an Iceberg table, lineage to a file, one builder and one call; the same run
 * id again writes nothing twice; a gate that refuses keeps the rows off {@code main}.
 */
@LakehouseTest(backend = io.gridata.testkit.Backend.LOCAL)
class IngestPipelineTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 2);
  private static final RawPartition PARTITION = RawPartition.of("ecommerce", "orders", DAY);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aDayOfOrdersThroughGateAndLineageIntoIcebergOnceInAFewLines(
      SparkSession spark, @TempDir Path raw, @TempDir Path out) throws IOException {
    DropManifest drop = drop(raw, 31L);
    Path lineage = out.resolve("lineage.json");
    StringWriter printed = new StringWriter();
    QualitySuite suite =
        QualitySuite.builder("orders")
            .keyColumns("order_id")
            .add(hasSize().atLeast(1))
            .add(isUnique("order_id"))
            .add(completeness("customer_id").atLeast(0.99).warn())
            .build();

    try (RawZone zone = RawZone.open(raw.toUri().toString())) {
      IngestPipeline pipeline =
          IngestPipeline.builder(spark, zone, new OrdersSpec())
              .table("gridata.embed.orders")
              .qualityGate(suite, IcebergMetricHistory.tableInCatalog("gridata"))
              .lineage(() -> LineageSink.file(lineage))
              .settle(Duration.ZERO)
              .console(new PrintWriter(printed, true), new PrintWriter(printed, true))
              .build();

      IngestOutcome first = pipeline.run(PARTITION, RunId.of("orders-2026-11-02"));

      assertThat(first.kind()).isEqualTo(IngestOutcome.Kind.PUBLISHED);
      assertThat(first.summary().steps())
          .extracting(RunSummary.StepSummary::name)
          .containsExactly(IngestPipeline.INGEST, IngestPipeline.QUALITY, IngestPipeline.LINEAGE);
      assertThat(first.summary().succeeded()).isTrue();
      assertThat(first.quality()).hasValueSatisfying(q -> assertThat(q.passed()).isTrue());
      long clean = drop.expectedCleanRows(RawDataset.ORDERS);
      // the steps' outputs (the summary JSON's): keys in this order, these value types
      Map<String, Object> ingested = first.summary().step(IngestPipeline.INGEST).output();
      assertThat(ingested.keySet())
          .containsExactly(
              "files_accepted",
              "files_rejected",
              "files_pending",
              "files_duplicate",
              "rows_read",
              "rows_written",
              "rows_quarantined",
              "duplicates_dropped",
              "outcome",
              "snapshot_id");
      assertThat(ingested)
          .containsEntry("files_accepted", first.result().orElseThrow().filesAccepted())
          .containsEntry("rows_written", clean)
          .containsEntry("outcome", "PUBLISHED")
          .containsEntry(
              "snapshot_id", first.result().orElseThrow().publishedSnapshotId().orElseThrow());
      assertThat(first.summary().step(IngestPipeline.QUALITY).output())
          .containsExactly(
              Map.entry("judged", true),
              Map.entry("passed", true),
              Map.entry("rules_failed", 0),
              Map.entry("error_rules_failed", 0L),
              Map.entry("recorded", true));
      assertThat(first.summary().step(IngestPipeline.LINEAGE).output())
          .containsExactly(Map.entry("published", true));
      assertThat(first.result().orElseThrow().rowsWritten()).isEqualTo(clean);
      assertThat(spark.table("gridata.embed.orders").count()).isEqualTo(clean);
      assertThat(spark.table("gridata.embed.orders_quarantine").count())
          .isEqualTo(drop.expectedQuarantinedRows(RawDataset.ORDERS));
      assertThat(lineage).isNotEmptyFile();
      assertDerivedColumnLineage(lineage);
      // the default identity: PROD datasets, the flow on cluster prod, data-platform's tables
      assertThat(Files.readString(lineage))
          .contains(",ecommerce_orders,prod)")
          .contains("urn:li:corpGroup:data-platform");
      assertThat(printed.toString()).contains("lineage: ");
      assertThat(first.metrics().scrape()).contains("published");
      assertThat(first.reportHtml("gridata.embed.orders"))
          .hasValueSatisfying(html -> assertThat(html).contains("PUBLISHED"));

      // a scheduler's retry with the same run id: nothing new, nothing twice
      IngestOutcome retry = pipeline.run(PARTITION, RunId.of("orders-2026-11-02"));

      assertThat(retry.kind()).isEqualTo(IngestOutcome.Kind.ALREADY_INGESTED);
      assertThat(spark.table("gridata.embed.orders").count()).isEqualTo(clean);
    }
  }

  /**
   * Also: lineage under the identity given; a report directory gone after the build and a history
   * table that cannot take the report are reported, and the later steps still run.
   */
  @Test
  void aRefusingGateKeepsTheDayOffMainAndSaysSo(
      SparkSession spark, @TempDir Path raw, @TempDir Path out) throws IOException {
    drop(raw, 32L);
    QualitySuite tooStrict =
        QualitySuite.builder("orders").add(hasSize().atLeast(1_000_000).named("huge")).build();
    Path lineage = out.resolve("lineage.json");
    Path reports = Files.createDirectories(out.resolve("reports"));
    StringWriter printed = new StringWriter();
    spark.sql("CREATE NAMESPACE IF NOT EXISTS gridata.refused");
    spark.sql("CREATE TABLE gridata.refused.results (x int) USING iceberg");

    try (RawZone zone = RawZone.open(raw.toUri().toString())) {
      IngestPipeline pipeline =
          IngestPipeline.builder(spark, zone, new OrdersSpec())
              .table("gridata.refused.orders")
              .qualityGate(tooStrict, "gridata.refused.results")
              .qualityReportDir(reports)
              .lineage(() -> LineageSink.file(lineage))
              .lineageIdentity(
                  new LineageIdentity(
                      Env.STG, "staging", Owner.group("shop-data", Owner.Type.TECHNICAL_OWNER)))
              .settle(Duration.ZERO)
              .console(new PrintWriter(printed, true), new PrintWriter(printed, true))
              .build();
      Files.delete(reports);
      IngestOutcome outcome = pipeline.run(PARTITION, RunId.generate("orders", DAY));

      assertThat(outcome.refused()).isTrue();
      assertThat(outcome.kind()).isEqualTo(IngestOutcome.Kind.AUDIT_FAILED);
      assertThat(outcome.summary().runId()).startsWith("orders-2026-11-02-");
      assertThat(outcome.quality().orElseThrow().failures())
          .extracting(f -> f.rule())
          .containsExactly("huge");
      assertThat(spark.table("gridata.refused.orders").count()).isZero();
      assertThat(outcome.summary().succeeded()).as(printed.toString()).isTrue();
      assertThat(outcome.summary().steps())
          .extracting(RunSummary.StepSummary::name)
          .containsExactly(IngestPipeline.INGEST, IngestPipeline.QUALITY, IngestPipeline.LINEAGE);
      assertThat(outcome.summary().step(IngestPipeline.QUALITY).output())
          .containsExactly(
              Map.entry("judged", true),
              Map.entry("report_written", false),
              Map.entry("passed", false),
              Map.entry("rules_failed", 1),
              Map.entry("error_rules_failed", 1L),
              Map.entry("recorded", false));
      assertThat(outcome.summary().step(IngestPipeline.INGEST).output())
          .containsEntry("outcome", "AUDIT_FAILED")
          .doesNotContainKey("snapshot_id");
      assertThat(printed.toString())
          .contains("quality report not written to " + reports)
          .contains("quality history gridata.refused.results not written: ");
      String proposals = Files.readString(lineage);
      assertThat(proposals)
          .contains("urn:li:dataPlatform:iceberg,refused.orders,STG)")
          .contains(",ecommerce_orders,staging)")
          .contains("urn:li:corpGroup:shop-data")
          .doesNotContain(",PROD)")
          .doesNotContain("data-platform");
    }
  }

  @Test
  void mistakesAreNamedBeforeAnythingRuns(SparkSession spark, @TempDir Path raw) {
    try (RawZone zone = RawZone.open(raw.toUri().toString())) {
      IngestPipeline.Builder noTable = IngestPipeline.builder(spark, zone, new OrdersSpec());
      assertThatThrownBy(noTable::build)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no target table");

      IngestPipeline pipeline = noTable.table("gridata.mistakes.orders").build();
      assertThatThrownBy(
              () ->
                  pipeline.run(
                      RawPartition.of("ecommerce", "customers", DAY), RunId.of("orders-x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ecommerce.orders");
      assertThatThrownBy(() -> pipeline.run(PARTITION, RunId.of("bad id/with slash")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(List.of(raw.toFile().list())).isEmpty();
    }
  }

  /**
   * The lineage file holds valid DataHub proposals, with the orders spec's derived columns as
   * column edges from their raw fields.
   */
  private static void assertDerivedColumnLineage(Path file) throws IOException {
    JsonNode proposals = JSON.readTree(file.toFile());
    DataHubSchemaValidator validator = new DataHubSchemaValidator();
    JsonNode io = null;
    for (JsonNode proposal : proposals) {
      assertThat(validator.validate(JSON.writeValueAsString(proposal)))
          .as("%s of %s", proposal.get("aspectName"), proposal.get("entityUrn"))
          .isEmpty();
      if (proposal.get("aspectName").asText().equals("dataJobInputOutput")) {
        JsonNode value = proposal.get("aspect").get("value");
        io = value.isTextual() ? JSON.readTree(value.asText()) : value;
      }
    }
    assertThat(io).as("dataJobInputOutput aspect").isNotNull();
    List<String> totalAmountFrom = new ArrayList<>();
    for (JsonNode edge : io.get("fineGrainedLineages")) {
      if (edge.get("downstreams").get(0).asText().endsWith("embed.orders,PROD),total_amount)")) {
        edge.get("upstreams")
            .forEach(u -> totalAmountFrom.add(u.asText().replaceAll(".*,(\\w+)\\)$", "$1")));
      }
    }
    assertThat(totalAmountFrom)
        .containsExactly("quantity", "unit_price", "discount", "tax", "shipping_cost");
  }

  private static DropManifest drop(Path raw, long seed) throws IOException {
    return RawDataGenerator.withSeed(seed)
        .writeDrop(
            RawTarget.localDirectory(raw),
            "drop-" + DAY,
            List.of(
                FileSpec.builder(RawDataset.ORDERS, DAY)
                    .format(FileFormat.CSV)
                    .rows(40)
                    .fileName("orders-" + DAY + ".csv")
                    .rowDefect(RowDefect.BAD_TIMESTAMP, 1)
                    .build()));
  }
}
