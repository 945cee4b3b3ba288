package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.lineage.DataHubSchemaValidator;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.testkit.TrinoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gridata demo}, the README's first command, end to end at a small size: every dataset's
 * pipeline each day, the trigger and the alerts received by the in-process receiver, a run report
 * per run, valid lineage for every job, Customer 360 published behind its suite. Tagged {@code
 * integration}: it runs Spark in this module's JVM.
 */
@Tag("integration")
class DemoCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void runsEveryPipelineOfTwoDaysThenCustomer360() throws Exception {
    CliRun demo = CliRun.of("demo", "--workdir", dir.toString(), "--orders", "300", "--days", "2");

    assertThat(demo.exitCode()).as(demo.err()).isZero();
    String out = demo.out();
    for (String day : List.of("2026-11-01", "2026-11-02")) {
      for (String dataset : List.of("customers", "clickstream", "orders")) {
        assertThat(out).containsPattern(day + " " + dataset + " +files: [1-9]");
      }
    }
    assertThat(count(out, "receiver got POST /trigger [sha256="))
        .as("one signed event per published run: 3 datasets x 2 days")
        .isEqualTo(6);
    assertThat(count(out, "receiver got POST /alerts"))
        .as("at least the rejected orders file of each day")
        .isGreaterThanOrEqualTo(2);
    assertThat(out)
        .containsPattern("re-run of 2026-11-01[^\\n]*\\n(.*\\n)*2026-11-01 orders .*0 written")
        .contains("customer 360 as of 2026-11-02: PUBLISHED")
        .contains("Quality suite customer360 on")
        .contains("passed (0 of 14 rules failed)")
        .containsPattern("gridata\\.analytics\\.customer_360 +[1-9][0-9]* rows")
        .containsPattern("\\n  Trino: off: [^\\n]*--trino")
        .doesNotContain("through Trino (jdbc:");

    List<Path> reports;
    try (Stream<Path> files = Files.list(dir.resolve("reports"))) {
      reports = files.toList();
    }
    assertThat(reports).hasSize(7);
    for (Path report : reports) {
      assertThat(Files.readString(report)).as(report.toString()).contains("<h2>Steps: succeeded");
    }
    assertThat(out).doesNotContain("FAILED", "failed in step");

    JsonNode proposals = JSON.readTree(dir.resolve("lineage.json").toFile());
    DataHubSchemaValidator validator = new DataHubSchemaValidator();
    List<String> jobs = new ArrayList<>();
    for (JsonNode proposal : proposals) {
      assertThat(validator.validate(JSON.writeValueAsString(proposal))).isEmpty();
      if (proposal.get("aspectName").asText().equals("dataJobInputOutput")) {
        jobs.add(proposal.get("entityUrn").asText().replaceAll(".*,(\\w+)\\)$", "$1"));
      }
    }
    assertThat(jobs)
        .contains("load_customers", "load_clickstream", "load_orders", "build_customer_360");

    streamingPart(out);
  }

  /**
   * The demo's streaming part: the three topics streamed on an embedded broker; what it printed
   * matches the tables, each click and stock change landed once, the stock adds up to the changes,
   * and the order updates changed orders without adding any.
   */
  private void streamingPart(String out) {
    assertThat(out).contains("streaming: starting a Kafka broker").containsPattern("wave 3: \\d+");
    Matcher clicks =
        Pattern.compile(
                "clickstream_events +-> gridata\\.ecommerce\\.clickstream +(\\d+) rows, (\\d+)"
                    + " quarantined, 0 late; freshness mean [0-9.]+ s, max [0-9.]+ s over [1-9]")
            .matcher(out);
    assertThat(clicks.find()).as(out).isTrue();
    Matcher changes =
        Pattern.compile(
                "inventory_changes +-> gridata\\.ecommerce\\.inventory_changes +(\\d+) rows")
            .matcher(out);
    assertThat(changes.find()).as(out).isTrue();
    Matcher orders =
        Pattern.compile(
                "(\\d+) status updates merged into existing orders \\((\\d+) rows before, (\\d+)")
            .matcher(out);
    assertThat(orders.find()).as(out).isTrue();
    assertThat(Long.parseLong(orders.group(1))).isPositive();
    assertThat(orders.group(3)).as("updates add no order").isEqualTo(orders.group(2));

    SparkSession spark =
        LocalSpark.session("check", CatalogConfig.embedded(dir.resolve("warehouse")));
    spark.sql("REFRESH TABLE gridata.ecommerce.clickstream");
    Row live =
        spark
            .sql(
                "SELECT count(*), count(DISTINCT event_id) FROM gridata.ecommerce.clickstream"
                    + " WHERE session_id LIKE 'live-%'")
            .first();
    long written = Long.parseLong(clicks.group(1));
    assertThat(live.getLong(0)).as("streamed clicks in the table").isEqualTo(written);
    assertThat(live.getLong(1)).as("each click once").isEqualTo(written);
    assertThat(written + Long.parseLong(clicks.group(2)))
        .as("150 clicks, each written or quarantined (a re-sent bad one twice)")
        .isGreaterThanOrEqualTo(150);
    spark.sql("REFRESH TABLE gridata.ecommerce.inventory");
    spark.sql("REFRESH TABLE gridata.ecommerce.inventory_changes");
    Row stock =
        spark
            .sql(
                "SELECT sum(stock), sum(changes_applied),"
                    + " (SELECT sum(quantity_delta) FROM gridata.ecommerce.inventory_changes),"
                    + " (SELECT count(DISTINCT change_id) FROM gridata.ecommerce.inventory_changes)"
                    + " FROM gridata.ecommerce.inventory")
            .first();
    assertThat(stock.getLong(1)).as("changes applied once").isEqualTo(stock.getLong(3));
    assertThat(stock.getLong(1)).isEqualTo(Long.parseLong(changes.group(1)));
    assertThat(stock.getLong(0)).as("stock = the sum of the changes").isEqualTo(stock.getLong(2));
  }

  @Test
  void withTrinoPrintsTheDailyRevenueViewThroughTrino() throws Exception {
    assumeTrue(TrinoServer.javaHome().isPresent(), TrinoServer::unavailableReason);
    CliRun demo =
        CliRun.of("demo", "--workdir", dir.toString(), "--orders", "200", "--days", "1", "--trino");

    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(demo.out())
        .contains("Trino: on: ", "serving views applied (gridata.serving.*)")
        .containsPattern("through Trino \\(jdbc:trino://127\\.0\\.0\\.1:[0-9]+/gridata, up in")
        .containsPattern(
            "\\n  2026-11-01  \\S+ +\\S+ +[1-9][0-9]* +[0-9]+ +[0-9]+ +[0-9]+\\.[0-9]{2}\\n")
        .contains("customer 360 as of 2026-11-01: PUBLISHED")
        .doesNotContain("FAILED");
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
