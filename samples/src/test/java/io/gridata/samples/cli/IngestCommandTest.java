package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.gridata.samples.demo.DemoDrops;
import io.gridata.testkit.data.DropManifest;
import io.gridata.testkit.data.RawDataset;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * {@code gridata ingest} end to end in this JVM: a local raw zone with the demo's drops (bad rows,
 * one bad file), the embedded catalog, Spark; the summary JSON reconciled with the drop manifest.
 */
class IngestCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private CliRun ingest(String date, Path summary) {
    return CliRun.of(
        "ingest",
        "--raw",
        dir.resolve("zone").toUri().toString(),
        "--dataset",
        "ecommerce.orders",
        "--date",
        date,
        "--warehouse",
        dir.resolve("warehouse").toString(),
        "--summary-json",
        summary.toString());
  }

  /**
   * Tagged {@code integration}: it starts this module's own Spark JVM (several minutes on the
   * 2-core CI machines); run it with {@code -Pintegration}.
   */
  @Test
  @Tag("integration")
  void ingestsADayOnceReportsEveryFileAndExitsFourWhenAllAreRejected() throws IOException {
    LocalDate day = LocalDate.of(2026, 11, 5);
    DropManifest drop = DemoDrops.write(dir.resolve("zone"), day, 0, 90, 7);

    Path summary = dir.resolve("first.json");
    CliRun first = ingest(day.toString(), summary);

    assertThat(first.exitCode()).as(first.err()).isZero();
    JsonNode json = JSON.readTree(Files.readString(summary));
    assertThat(json.get("files")).hasSize(drop.files(RawDataset.ORDERS).size());
    assertThat(json.get("filesRejected").asLong()).isEqualTo(drop.rejectedFiles().size());
    assertThat(json.get("rowsWritten").asLong())
        .isEqualTo(drop.expectedCleanRows(RawDataset.ORDERS));
    assertThat(json.get("rowsQuarantined").asLong())
        .isEqualTo(drop.expectedQuarantinedRows(RawDataset.ORDERS));
    assertThat(json.get("publishedSnapshotId").isNumber()).isTrue();
    assertThat(json.get("steps"))
        .extracting(step -> step.get("name").asText() + ":" + step.get("status").asText())
        .containsExactly("ingest:SUCCEEDED", "quality:SUCCEEDED");
    assertThat(first.out()).contains("rejected orders-partner.csv");

    Path again = dir.resolve("again.json");
    CliRun rerun = ingest(day.toString(), again);
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(JSON.readTree(Files.readString(again)).get("rowsWritten").asLong()).isZero();

    Path badDay = dir.resolve("zone/raw/ecommerce/orders/2026-11-06/only.csv");
    Files.createDirectories(badDay.getParent());
    Files.writeString(badDay, "");
    settled(badDay);
    CliRun rejected = ingest("2026-11-06", dir.resolve("bad.json"));
    assertThat(rejected.exitCode()).as(rejected.err()).isEqualTo(IngestCommand.EXIT_ALL_REJECTED);
    assertThat(rejected.out()).contains("rejected only.csv");
  }

  /**
   * A run that fails after validation (a quality rule on a column that does not exist) still lists
   * the files it moved to raw/rejected/; a file still being written is reported UNSETTLED and left
   * in place, hidden files and orphan sidecars are reported as ignored.
   */
  @Test
  @Tag("integration")
  void theSummaryListsMovedFilesOfAFailedRunAndReportsUnsettledAndIgnoredFiles()
      throws IOException {
    LocalDate day = LocalDate.of(2026, 11, 7);
    DemoDrops.write(dir.resolve("zone"), day, 0, 40, 11);
    Path folder = dir.resolve("zone/raw/ecommerce/orders/" + day);
    settled(Files.writeString(folder.resolve("broken.csv"), ""));
    Path suite = dir.resolve("suite.yaml");
    Files.writeString(
        suite,
        """
        suite: orders
        rules:
          - {name: no_such, kind: range, column: no_such_column, max: 1, action: quarantine}
        """);

    Path failedSummary = dir.resolve("failed.json");
    CliRun failed =
        CliRun.of(
            "ingest",
            "--raw",
            dir.resolve("zone").toUri().toString(),
            "--dataset",
            "ecommerce.orders",
            "--date",
            day.toString(),
            "--warehouse",
            dir.resolve("warehouse").toString(),
            "--quality-suite",
            suite.toString(),
            "--summary-json",
            failedSummary.toString());

    assertThat(failed.exitCode()).as(failed.err()).isEqualTo(IngestCommand.EXIT_FAILED);
    JsonNode json = JSON.readTree(Files.readString(failedSummary));
    assertThat(json.get("status").asText()).isEqualTo("FAILED");
    assertThat(json.get("files"))
        .extracting(f -> f.get("file").asText() + ":" + f.get("status").asText())
        .contains("raw/ecommerce/orders/" + day + "/broken.csv:REJECTED");
    assertThat(json.get("filesRejected").asLong()).isPositive();
    assertThat(failed.out()).contains("rejected broken.csv");
    assertThat(dir.resolve("zone/raw/rejected/ecommerce/orders/" + day + "/broken.csv")).exists();

    Files.writeString(folder.resolve("partial.csv"), "order_id,customer_id,order_times");
    Files.writeString(folder.resolve(".hidden.csv"), "order_id\n");
    Path summary = dir.resolve("pending.json");
    CliRun pending =
        CliRun.of(
            "ingest",
            "--raw",
            dir.resolve("zone").toUri().toString(),
            "--dataset",
            "ecommerce.orders",
            "--date",
            day.toString(),
            "--warehouse",
            dir.resolve("warehouse").toString(),
            "--no-quality",
            "--summary-json",
            summary.toString());

    assertThat(pending.exitCode()).as(pending.err()).isEqualTo(IngestCommand.EXIT_FILES_PENDING);
    JsonNode second = JSON.readTree(Files.readString(summary));
    assertThat(second.get("files"))
        .extracting(f -> f.get("file").asText() + ":" + f.get("status").asText())
        .contains("raw/ecommerce/orders/" + day + "/partial.csv:UNSETTLED");
    assertThat(second.get("filesPending").asLong()).isEqualTo(1);
    assertThat(second.get("ignored"))
        .extracting(f -> f.get("file").asText())
        .containsExactly("raw/ecommerce/orders/" + day + "/.hidden.csv");
    assertThat(folder.resolve("partial.csv")).exists();
    assertThat(pending.out()).contains("unsettled partial.csv", "ignored .hidden.csv");
    assertThat(pending.err()).contains("left 1 file(s) for a later run");
  }

  /** Back-dates {@code file} by an hour: landed long ago, not still being written. */
  private static Path settled(Path file) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
    return file;
  }

  private CliRun ingestWith(String... args) {
    List<String> all = new ArrayList<>(List.of("ingest", "--date", "2026-11-05"));
    all.addAll(List.of(args));
    return CliRun.of(all.toArray(String[]::new));
  }

  @Test
  void commandLineProblemsAreUsageErrorsThatNameTheOption() throws IOException {
    // every check runs before Spark: no command below may create a session (LocalSpark makes each
    // new one the active session of this thread)
    Option<SparkSession> sessionBefore = SparkSession.getActiveSession();
    String zone = dir.toString();
    String warehouse = dir.resolve("warehouse").toString();
    assertUsage(
        ingestWith("--raw", zone, "--dataset", "ecommerce.products", "--warehouse", warehouse),
        "--dataset ecommerce.products has no pipeline yet; supported: ecommerce.clickstream,"
            + " ecommerce.customers, ecommerce.orders");
    assertUsage(
        ingestWith(
            "--raw",
            zone,
            "--dataset",
            "ecommerce.orders",
            "--warehouse",
            warehouse,
            "--run-id",
            "day 1!"),
        "--run-id: Invalid run id 'day 1!': use 1-128 letters, digits, '.', '_' or '-'");
    Path typo = Files.writeString(dir.resolve("typo.properties"), "s3.endpiont=http://x:9000\n");
    assertUsage(
        ingestWith(
            "--raw",
            "s3://lake/zone",
            "--raw-config",
            typo.toString(),
            "--dataset",
            "ecommerce.orders",
            "--warehouse",
            warehouse),
        "unknown raw zone setting 's3.endpiont'; known: s3.endpoint, s3.region");
    Path noScheme = Files.writeString(dir.resolve("bad.properties"), "s3.endpoint=minio:9000\n");
    assertUsage(
        ingestWith(
            "--raw",
            "s3://lake/zone",
            "--raw-config",
            noScheme.toString(),
            "--dataset",
            "ecommerce.orders",
            "--warehouse",
            warehouse),
        "Invalid s3.endpoint 'minio:9000': use http(s)://host[:port]");
    assertUsage(
        ingestWith(
            "--raw",
            dir.resolve("typo").toString(),
            "--dataset",
            "ecommerce.orders",
            "--warehouse",
            warehouse),
        "no such directory");
    assertUsage(
        ingestWith("--raw", zone, "--dataset", "ecommerce.orders"),
        "exactly one of --warehouse PATH or --config FILE");
    assertUsage(
        ingestWith(
            "--raw",
            zone,
            "--dataset",
            "ecommerce.orders",
            "--config",
            dir.resolve("none.properties").toString()),
        "--config");
    assertUsage(
        onTheEmbeddedCatalog("--summary-json", dir.resolve("no/such/dir/s.json").toString()),
        "--summary-json");
    assertUsage(
        onTheEmbeddedCatalog("--trigger-url", "ftp://hooks.example.com/x"),
        "--trigger-url: Invalid trigger URL ftp://hooks.example.com/x");
    assertUsage(
        onTheEmbeddedCatalog("--alert-pagerduty"),
        "--alert-pagerduty needs the routing key in $GRIDATA_PAGERDUTY_ROUTING_KEY");
    assertUsage(
        onTheEmbeddedCatalog("--wait", "--wait-timeout", "soon"),
        "Invalid --wait-timeout: not a duration (soon)");
    assertUsage(
        onTheEmbeddedCatalog("--poll-interval", "10s"),
        "--wait-timeout and --poll-interval go with --wait");
    assertUsage(
        onTheEmbeddedCatalog("--alert-email", "oncall@example.com"),
        "--alert-email needs $GRIDATA_SMTP_HOST and $GRIDATA_SMTP_FROM");
    assertThat(dir.resolve("warehouse")).doesNotExist();
    assertThat(SparkSession.getActiveSession()).isEqualTo(sessionBefore);
  }

  /** {@code ingest} of a day of the orders in the test's zone into its embedded catalog, plus. */
  private CliRun onTheEmbeddedCatalog(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--raw",
                dir.toString(),
                "--dataset",
                "ecommerce.orders",
                "--warehouse",
                dir.resolve("warehouse").toString()));
    args.addAll(List.of(more));
    return ingestWith(args.toArray(String[]::new));
  }

  @Test
  void aWaitThatTimesOutFailsTheRunAlertsAndNeverStartsSpark() throws IOException {
    Option<SparkSession> sessionBefore = SparkSession.getActiveSession();
    List<JsonNode> alerts = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/alerts",
        exchange -> {
          alerts.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    CliRun run;
    try {
      run =
          onTheEmbeddedCatalog(
              "--run-id",
              "waited",
              "--wait",
              "--wait-timeout",
              "0s",
              "--alert-url",
              "http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts",
              "--summary-json",
              dir.resolve("waited.json").toString(),
              "--metrics-file",
              dir.resolve("waited.prom").toString());
    } finally {
      receiver.stop(0);
    }

    assertThat(run.exitCode()).as(run.err()).isEqualTo(IngestCommand.EXIT_FAILED);
    assertThat(run.err())
        .contains("run waited failed in step sense after 1 attempt(s): No file arrived in ")
        .contains("raw/ecommerce/orders/2026-11-05/ within 0s (1 listings); nothing was ingested");
    JsonNode summary = JSON.readTree(dir.resolve("waited.json").toFile());
    assertThat(summary.get("status").asText()).isEqualTo("FAILED");
    assertThat(summary.get("outcome").asText()).isEqualTo("FAILED");
    assertThat(summary.get("rowsRead").asLong()).isZero();
    assertThat(summary.get("steps"))
        .extracting(step -> step.get("name").asText() + ":" + step.get("status").asText())
        .containsExactly("sense:FAILED", "ingest:SKIPPED", "quality:SKIPPED", "alert:SKIPPED");
    assertThat(summary.get("alerts"))
        .singleElement()
        .satisfies(a -> assertThat(a.get("delivered").asBoolean()).isTrue());
    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.get("level").asText()).isEqualTo("ERROR");
              assertThat(a.get("title").asText())
                  .isEqualTo("run waited of ecommerce_orders failed");
              assertThat(a.get("message").asText()).startsWith("sense: No file arrived in");
            });
    assertThat(Files.readString(dir.resolve("waited.prom")))
        .contains("gridata_runs_total{outcome=\"failed\",pipeline=\"ecommerce_orders\"} 1.0")
        .contains(
            "gridata_step_duration_seconds_count{outcome=\"failure\",pipeline=\"ecommerce_orders\","
                + "step=\"sense\"} 1");
    assertThat(dir.resolve("warehouse/catalog.db")).as("the catalog was not opened").doesNotExist();
    assertThat(SparkSession.getActiveSession()).isEqualTo(sessionBefore);
  }

  private static void assertUsage(CliRun run, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(run.err()).contains(message);
  }
}
