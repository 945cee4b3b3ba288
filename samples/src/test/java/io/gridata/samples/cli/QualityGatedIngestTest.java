package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.lineage.DataHubSchemaValidator;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.testkit.data.DropManifest;
import io.gridata.testkit.data.FileFormat;
import io.gridata.testkit.data.FileSpec;
import io.gridata.testkit.data.RawDataGenerator;
import io.gridata.testkit.data.RawDataset;
import io.gridata.testkit.data.RawTarget;
import io.gridata.testkit.data.RowDefect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gridata ingest} with the shipped orders suite: a day within the rules publishes (warnings
 * reported), a day breaking an error rule leaves the tables exactly as they were and says why.
 * Tagged {@code integration} like the other end-to-end CLI test: it starts Spark in this module's
 * JVM; the gate itself is covered in the default tier by gridata-quality's {@code QualityGateTest}.
 */
@Tag("integration")
class QualityGatedIngestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TABLE = "gridata.ecommerce.orders";

  @TempDir Path dir;

  /** {@code gridata ingest} of {@code day} as run {@code runId}, summary in runId-summary.json. */
  private CliRun ingest(LocalDate day, String runId, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "ingest",
                "--raw",
                dir.resolve("zone").toUri().toString(),
                "--dataset",
                "ecommerce.orders",
                "--date",
                day.toString(),
                "--warehouse",
                dir.resolve("warehouse").toString(),
                "--run-id",
                runId,
                "--summary-json",
                dir.resolve(runId + "-summary.json").toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private CliRun ingestWithReports(LocalDate day, String runId, String triggerUrl) {
    return ingest(
        day,
        runId,
        "--lineage-file",
        dir.resolve("lineage.json").toString(),
        "--quality-report",
        dir.toString(),
        "--trigger-url",
        triggerUrl,
        "--metrics-file",
        dir.resolve(runId + ".prom").toString(),
        "--alert-url",
        triggerUrl.replace("/orders-published", "/alerts"),
        "--run-report",
        dir.resolve(runId + "-report.html").toString());
  }

  /** One CSV file of {@code rows} orders for {@code day}, with the given row defects. */
  private DropManifest drop(LocalDate day, long seed, int rows, Map<RowDefect, Integer> defects) {
    FileSpec.Builder file =
        FileSpec.builder(RawDataset.ORDERS, day)
            .format(FileFormat.CSV)
            .rows(rows)
            .fileName("orders-web.csv");
    new java.util.TreeMap<>(defects).forEach(file::rowDefect); // a stable order: enum order
    return RawDataGenerator.withSeed(seed)
        .writeDrop(
            RawTarget.localDirectory(dir.resolve("zone")), "drop-" + day, List.of(file.build()));
  }

  @Test
  void anErrorRuleKeepsMainAsItWasAndWarningsStillPublish() throws IOException {
    // 2% duplicates (over the warn rule's 1%), 1% quarantined (within the error rule's 5%)
    LocalDate good = LocalDate.of(2026, 11, 9);
    DropManifest drop =
        drop(good, 11, 200, Map.of(RowDefect.DUPLICATE_ORDER_ID, 4, RowDefect.BAD_TIMESTAMP, 2));

    // a downstream receiver: a real HTTP server on loopback
    java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer receiver =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    java.util.List<JsonNode> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
    receiver.createContext(
        "/alerts",
        exchange -> {
          alerts.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.createContext(
        "/orders-published",
        exchange -> {
          events.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/orders-published";

    CliRun first = ingestWithReports(good, "good-day", hook);

    assertThat(first.exitCode()).as(first.err()).isZero();
    JsonNode summary = JSON.readTree(dir.resolve("good-day-summary.json").toFile());
    long read = summary.get("rowsRead").asLong();
    assertThat(read).isEqualTo(drop.acceptedRecords(RawDataset.ORDERS));
    assertThat(
            summary.get("rowsWritten").asLong()
                + summary.get("rowsQuarantined").asLong()
                + summary.get("duplicatesDropped").asLong())
        .as("rows in = written + quarantined + duplicates")
        .isEqualTo(read);
    assertThat(summary.get("outcome").asText()).isEqualTo("PUBLISHED");
    assertThat(summary.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(summary.get("steps"))
        .extracting(step -> step.get("name").asText() + ":" + step.get("status").asText())
        .containsExactly(
            "ingest:SUCCEEDED",
            "quality:SUCCEEDED",
            "lineage:SUCCEEDED",
            "trigger:SUCCEEDED",
            "alert:SUCCEEDED");
    assertThat(summary.get("steps").get(0).get("output").get("snapshot_id").asLong())
        .isEqualTo(summary.get("publishedSnapshotId").asLong());
    assertThat(summary.get("steps").get(3).get("output").get("delivered").asInt()).isEqualTo(1);
    assertThat(events).as("one event for the published day").hasSize(1);
    JsonNode event = JSON.readTree(events.get(0));
    assertThat(event.get("snapshotId").asLong())
        .isEqualTo(summary.get("publishedSnapshotId").asLong());
    assertThat(event.get("runId").asText()).isEqualTo("good-day");
    assertThat(event.get("counts").get("rows_written").asLong())
        .isEqualTo(summary.get("rowsWritten").asLong());
    assertThat(summary.get("triggers").get(0).get("delivered").asBoolean()).isTrue();
    assertThat(alerts)
        .as("the warn rule's failure, and nothing else")
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.get("level").asText()).isEqualTo("WARNING");
              assertThat(a.get("title").asText())
                  .isEqualTo("quality warning duplicates_at_most_1pct on " + TABLE);
            });
    assertThat(Files.readString(dir.resolve("good-day.prom")))
        .contains("gridata_rows_total{kind=\"read\",pipeline=\"ecommerce_orders\"} " + read + ".0")
        .contains(
            "gridata_quality_rule_failures_total{pipeline=\"ecommerce_orders\",severity=\"warn\"} 1.0")
        .contains(
            "gridata_step_duration_seconds_count{outcome=\"success\",pipeline=\"ecommerce_orders\",step=\"ingest\"} 1")
        .contains("gridata_step_retries_total{pipeline=\"ecommerce_orders\",step=\"ingest\"} 0.0")
        .contains("gridata_runs_total{outcome=\"published\",pipeline=\"ecommerce_orders\"} 1.0");
    JsonNode report = JSON.readTree(dir.resolve("good-day.json").toFile());
    assertThat(report.get("passed").asBoolean()).isTrue();
    JsonNode duplicates = rule(report, "duplicates_at_most_1pct");
    assertThat(drop.expectedDuplicates(RawDataset.ORDERS)).isEqualTo(4);
    assertThat(duplicates.get("observed").asDouble()).isCloseTo(4.0 / read, within(1e-12));
    assertThat(duplicates.get("status").asText()).as("a warning").isEqualTo("FAILED");
    assertThat(rule(report, "quarantined_at_most_5pct").get("status").asText()).isEqualTo("PASSED");
    assertThat(rule(report, "customer_known").get("status").asText()).isEqualTo("SKIPPED");
    assertThat(Files.readString(dir.resolve("good-day.html"))).contains("duplicates_at_most_1pct");
    assertThat(first.out()).contains("Quality suite orders on");

    SparkSession spark = freshSession();
    long snapshot = head(spark);
    long rows = spark.table(TABLE).count();
    long quarantined = spark.table(TABLE + "_quarantine").count();

    // a day where a fifth of the rows have unreadable timestamps: 20% quarantined > 5%
    LocalDate bad = LocalDate.of(2026, 11, 10);
    drop(bad, 12, 100, Map.of(RowDefect.BAD_TIMESTAMP, 20));

    CliRun refused = ingestWithReports(bad, "bad-day", hook);
    receiver.stop(0);

    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(IngestCommand.EXIT_QUALITY_FAILED);
    assertThat(refused.err()).contains("quality gate refused run bad-day");
    assertThat(events).as("nothing published, nothing triggered").hasSize(1);
    assertThat(Files.readString(dir.resolve("bad-day-report.html")))
        .contains("Refused by the quality gate: " + TABLE + " unchanged")
        .contains("quarantined_at_most_5pct")
        .contains("<h2>Alerts</h2>");
    assertThat(alerts.subList(1, alerts.size()))
        .filteredOn(a -> a.get("level").asText().equals("ERROR"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.get("title").asText()).isEqualTo("quality gate refused run bad-day");
              assertThat(a.get("message").asText()).contains("quarantined_at_most_5pct");
            });
    assertThat(Files.readString(dir.resolve("bad-day.prom")))
        .contains(
            "gridata_quality_rule_failures_total{pipeline=\"ecommerce_orders\",severity=\"error\"} 1.0")
        .contains("gridata_runs_total{outcome=\"audit_failed\",pipeline=\"ecommerce_orders\"} 1.0");
    JsonNode refusedSummary = JSON.readTree(dir.resolve("bad-day-summary.json").toFile());
    assertThat(refusedSummary.get("outcome").asText()).isEqualTo("AUDIT_FAILED");
    assertThat(refusedSummary.get("steps"))
        .as("a refusal is an outcome, not a failed step")
        .allSatisfy(step -> assertThat(step.get("status").asText()).isEqualTo("SUCCEEDED"));
    assertThat(refusedSummary.get("steps").get(1).get("output").get("passed").asBoolean())
        .isFalse();
    assertThat(refused.out())
        .contains("ERROR quarantined_at_most_5pct (batch_ratio): observed 0.2");
    assertThat(head(spark)).as("main did not move").isEqualTo(snapshot);
    assertThat(spark.table(TABLE).count()).isEqualTo(rows);
    assertThat(spark.table(TABLE + "_quarantine").count()).isEqualTo(quarantined);
    assertThat(spark.sql("SELECT name FROM " + TABLE + ".refs").collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("main");
    assertLineage(spark);
    List<Row> history =
        spark
            .sql(
                "SELECT run_id, bool_and(suite_passed) FROM gridata.quality.results"
                    + " GROUP BY run_id ORDER BY run_id")
            .collectAsList();
    assertThat(history)
        .extracting(r -> r.getString(0) + "=" + r.getBoolean(1))
        .containsExactly("bad-day=false", "good-day=true");
  }

  /** A session with its own catalog instance: no table state cached by the commands' sessions. */
  private SparkSession freshSession() {
    SparkSession session = SparkSession.active().newSession();
    CatalogConfig.embedded(dir.resolve("warehouse")).register(session);
    return session;
  }

  @Test
  void quarantineRulesOfAnOverridingSuiteMoveRowsWithTheirNames() throws IOException {
    LocalDate day = LocalDate.of(2026, 11, 12);
    DropManifest drop = drop(day, 21, 100, Map.of());
    Path suite = dir.resolve("suite.yaml");
    Files.writeString(
        suite,
        """
        suite: orders
        rules:
          - {name: quarantined_at_most_5pct, kind: batch_ratio, numerator: rows_quarantined,
             denominator: rows_read, max: 1}
          - {name: big_orders, kind: range, column: total_amount, max: 100, action: quarantine,
             severity: warn}
        """);

    CliRun run = ingest(day, "with-rules", "--quality-suite", suite.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode summary = JSON.readTree(dir.resolve("with-rules-summary.json").toFile());
    long read = summary.get("rowsRead").asLong();
    long quarantined = summary.get("rowsQuarantined").asLong();
    assertThat(read).isEqualTo(drop.acceptedRecords(RawDataset.ORDERS));
    assertThat(summary.get("rowsWritten").asLong() + quarantined).isEqualTo(read);
    SparkSession spark = freshSession();
    assertThat(quarantined).as("the rule moved rows").isPositive();
    assertThat(
            spark
                .table(TABLE + "_quarantine")
                .filter("array_contains(_reasons, 'big_orders') AND _run_id = 'with-rules'")
                .count())
        .isEqualTo(quarantined);
    assertThat(spark.table(TABLE).filter("total_amount > 100").count()).isZero();
    assertThat(spark.table(TABLE).count()).isEqualTo(read - quarantined);
  }

  /**
   * The lineage file of both runs: every proposal valid against DataHub's schemas and entity
   * registry (the client jar's), and, read as plain JSON, the raw -> job -> table edges, the orders
   * table's schema fields equal to its columns, one finished run instance per run with its result,
   * one assertion result per quality rule per run.
   */
  private void assertLineage(SparkSession spark) throws IOException {
    JsonNode proposals = JSON.readTree(dir.resolve("lineage.json").toFile());
    DataHubSchemaValidator validator = new DataHubSchemaValidator();
    for (JsonNode proposal : proposals) {
      assertThat(validator.validate(JSON.writeValueAsString(proposal)))
          .as("%s of %s", proposal.get("aspectName"), proposal.get("entityUrn"))
          .isEmpty();
    }
    String orders = "urn:li:dataset:(urn:li:dataPlatform:iceberg,ecommerce.orders,PROD)";
    String raw =
        "urn:li:dataset:(urn:li:dataPlatform:file,"
            + dir.resolve("zone").toAbsolutePath()
            + "/raw/ecommerce/orders,PROD)";
    List<JsonNode> io = aspects(proposals, "dataJobInputOutput");
    assertThat(io).hasSize(2);
    assertThat(io.get(0).get("inputDatasets")).extracting(JsonNode::asText).containsExactly(raw);
    assertThat(io.get(0).get("outputDatasets"))
        .extracting(JsonNode::asText)
        .contains(orders, orders.replace("ecommerce.orders", "ecommerce.orders_quarantine"));
    JsonNode schema =
        aspect(proposals, "schemaMetadata", orders).orElseThrow(() -> new AssertionError(orders));
    assertThat(schema.get("fields"))
        .extracting(f -> f.get("fieldPath").asText())
        .containsExactly(spark.table(TABLE).columns());
    assertThat(aspects(proposals, "dataProcessInstanceRunEvent"))
        .filteredOn(e -> e.get("status").asText().equals("COMPLETE"))
        .extracting(e -> e.get("result").get("type").asText())
        .containsExactly("SUCCESS", "FAILURE");
    assertThat(aspects(proposals, "assertionRunEvent"))
        .as("one result per rule of the shipped suite, per run")
        .hasSize(2 * 9);
  }

  /** An aspect's value: DataHub's file format keeps it as serialised JSON. */
  private static JsonNode value(JsonNode proposal) {
    JsonNode value = proposal.get("aspect").get("value");
    try {
      return value.isTextual() ? JSON.readTree(value.asText()) : value;
    } catch (IOException e) {
      throw new AssertionError("aspect value is not JSON: " + value, e);
    }
  }

  private static List<JsonNode> aspects(JsonNode proposals, String name) {
    List<JsonNode> found = new java.util.ArrayList<>();
    for (JsonNode p : proposals) {
      if (p.get("aspectName").asText().equals(name)) {
        found.add(value(p));
      }
    }
    return found;
  }

  private static java.util.Optional<JsonNode> aspect(JsonNode proposals, String name, String urn) {
    for (JsonNode p : proposals) {
      if (p.get("aspectName").asText().equals(name) && p.get("entityUrn").asText().equals(urn)) {
        return java.util.Optional.of(value(p));
      }
    }
    return java.util.Optional.empty();
  }

  private static JsonNode rule(JsonNode report, String name) {
    for (JsonNode result : report.get("results")) {
      if (result.get("rule").asText().equals(name)) {
        return result;
      }
    }
    throw new AssertionError("no rule " + name + " in " + report);
  }

  private static long head(SparkSession spark) {
    return spark
        .sql("SELECT snapshot_id FROM " + TABLE + ".refs WHERE name = 'main'")
        .first()
        .getLong(0);
  }
}
