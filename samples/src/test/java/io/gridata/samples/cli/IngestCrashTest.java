package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.gridata.core.ingest.SnapshotSummaryKeys;
import io.gridata.core.ingest.StagingAttempt;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.spark.transform.IngestColumns;
import io.gridata.testkit.CommitHold;
import io.gridata.testkit.RestCatalogServer;
import io.gridata.testkit.S3ProxyServer;
import io.gridata.testkit.data.DropManifest;
import io.gridata.testkit.data.FileFormat;
import io.gridata.testkit.data.FileSpec;
import io.gridata.testkit.data.RawDataGenerator;
import io.gridata.testkit.data.RawDataset;
import io.gridata.testkit.data.RawTarget;
import io.gridata.testkit.data.RowDefect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gridata ingest} killed with {@code kill -9} as an operator's scheduler meets it: the CLI
 * runs in a JVM of its own against the testkit's REST catalog, which holds the run's k-th catalog
 * write ({@link RestCatalogServer#holdCommit}); the test kills the JVM while that write waits, lets
 * the catalog apply it (the state a writer killed right after its k-th commit leaves), then runs
 * the day again, for every k from the first write to the last. Every scenario ends with the same
 * table and quarantine table, record by record, as one clean run of the day, no staging branch, and
 * every publish announced to the downstream receiver. Applying the held write covers every state: a
 * write the catalog refuses leaves what the kill after the write before it left.
 *
 * <p>Run ids alternate between one a scheduler templates ({@code orders-<date>}, the same for the
 * killed run and its retry) and a fresh one for the retry. Two runs of the same day with the same
 * id at once, and of two days with the same id at once, are the concurrency cases. Tagged {@code
 * integration}: a Spark JVM per kill point.
 */
@Tag("integration")
class IngestCrashTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalDate DAY = LocalDate.of(2026, 11, 5);
  private static final String TABLE = "gridata.ecommerce.orders";
  private static final TableIdentifier ORDERS = TableIdentifier.of("ecommerce", "orders");
  private static final TableIdentifier QUARANTINE =
      TableIdentifier.of("ecommerce", "orders_quarantine");
  private static final int MAX_KILL_POINTS = 30;

  @TempDir static Path dir;

  private static S3ProxyServer s3;
  private static HttpServer receiver;
  private static final List<Long> announced = new CopyOnWriteArrayList<>();
  private static Path zone;
  private static DropManifest drop;
  private static int catalogs;

  @BeforeAll
  static void start() throws IOException {
    s3 = new S3ProxyServer().withStorage(S3ProxyServer.Storage.TRANSIENT).start();
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            announced.add(JSON.readTree(body).get("snapshotId").asLong());
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    zone = dir.resolve("zone");
    drop = writeDay(zone, DAY, 11);
  }

  @AfterAll
  static void stop() {
    if (receiver != null) {
      receiver.stop(0);
    }
    if (s3 != null) {
      s3.close();
    }
  }

  /** Orders of {@code day} in two files, with rows that go to quarantine and a duplicate. */
  private static DropManifest writeDay(Path root, LocalDate day, long seed) {
    return RawDataGenerator.withSeed(seed)
        .writeDrop(
            RawTarget.localDirectory(root),
            "crash-" + day,
            List.of(
                FileSpec.builder(RawDataset.ORDERS, day)
                    .format(FileFormat.CSV)
                    .rows(40)
                    .fileName("orders-web.csv")
                    .rowDefect(RowDefect.BAD_TIMESTAMP, 2)
                    .rowDefect(RowDefect.DUPLICATE_ORDER_ID, 1)
                    .build(),
                FileSpec.builder(RawDataset.ORDERS, day)
                    .format(FileFormat.JSON)
                    .rows(30)
                    .fileName("orders-mobile.json")
                    .rowDefect(RowDefect.NEGATIVE_QUANTITY, 1)
                    .build()));
  }

  /** A catalog of its own (a new warehouse bucket) and the CLI's properties file for it. */
  private static Scenario newScenario(String name) throws IOException {
    RestCatalogServer catalog =
        new RestCatalogServer(s3)
            .withWarehouseBucket("warehouse-" + ++catalogs)
            .withDirectory(dir.resolve("catalog-" + catalogs))
            .start();
    Path config =
        Files.writeString(
            dir.resolve(name + ".properties"),
            String.join(
                "\n",
                "gridata.catalog.type=rest",
                "gridata.catalog.uri=" + catalog.uri(),
                "gridata.catalog.warehouse=" + catalog.warehouse(),
                "gridata.s3.endpoint=" + s3.endpoint(),
                "gridata.s3.access-key=" + s3.accessKey(),
                "gridata.s3.secret-key=" + s3.secretKey(),
                ""));
    return new Scenario(name, catalog, config);
  }

  private record Scenario(String name, RestCatalogServer catalog, Path config)
      implements AutoCloseable {
    List<String> args(LocalDate day, String runId, String summary) {
      return List.of(
          "ingest",
          "--raw",
          zone.toUri().toString(),
          "--dataset",
          "ecommerce.orders",
          "--date",
          day.toString(),
          "--config",
          config.toString(),
          "--run-id",
          runId,
          "--no-quality",
          "--trigger-url",
          "http://127.0.0.1:" + receiver.getAddress().getPort() + "/events",
          "--summary-json",
          dir.resolve(name + "-" + summary + ".json").toString());
    }

    CatalogConfig catalogConfig() {
      return CatalogConfig.resolve(Optional.of(config), Map.of(), Map.of(), Map.of());
    }

    @Override
    public void close() {
      catalog.close();
    }
  }

  /** The CLI in a JVM of its own, as the {@code ./gridata} launcher starts it. */
  private static Process startCli(List<String> args, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions());
    command.addAll(
        List.of(
            "-Xmx1g",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            GridataCli.class.getName()));
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  /** The launcher's JVM flags (the module's {@code jvm.options}: Spark's --add-opens). */
  private static List<String> jvmOptions() throws IOException {
    try (InputStream in = GridataCli.class.getResourceAsStream("/io/gridata/samples/jvm.options")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
    }
  }

  private static int runCli(List<String> args, Path log) throws Exception {
    Process cli = startCli(args, log);
    if (!cli.waitFor(5, TimeUnit.MINUTES)) {
      cli.destroyForcibly().waitFor();
      throw new AssertionError("gridata ingest did not finish in 5 minutes; log " + log);
    }
    return cli.exitValue();
  }

  private static String log(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What a table holds, one line per record, without the columns a run sets ({@code _run_id}...).
   */
  private static List<String> records(SparkSession spark, String table) {
    List<String> lines = new ArrayList<>();
    for (Row row :
        spark.table(table).drop(IngestColumns.INGESTED_AT, IngestColumns.RUN_ID).collectAsList()) {
      lines.add(row.toString());
    }
    lines.sort(null);
    return lines;
  }

  private static List<List<String>> contents(Scenario scenario) {
    SparkSession spark = LocalSpark.session("crash-test", scenario.catalogConfig());
    return List.of(records(spark, TABLE), records(spark, TABLE + "_quarantine"));
  }

  /** The table's publishes on {@code main} that owe the receiver an event. */
  private static Set<Long> owedPublishes(Catalog catalog) {
    Table table = catalog.loadTable(ORDERS);
    Set<Long> owed = new HashSet<>();
    Snapshot head = table.currentSnapshot();
    if (head == null) {
      return owed;
    }
    for (Snapshot s : SnapshotUtil.ancestorsOf(head.snapshotId(), table::snapshot)) {
      if (s.summary().containsKey(SnapshotSummaryKeys.TRIGGER_OWED)) {
        owed.add(s.snapshotId());
      }
    }
    return owed;
  }

  private static List<String> stagingBranches(Catalog catalog, TableIdentifier id) {
    return catalog.loadTable(id).refs().keySet().stream()
        .filter(ref -> ref.startsWith(StagingAttempt.BRANCH_PREFIX))
        .toList();
  }

  /** One run of the day with nothing killed: what every scenario must end with. */
  private static List<List<String>> cleanRun() throws Exception {
    try (Scenario clean = newScenario("clean")) {
      CliRun run = CliRun.of(clean.args(DAY, "orders-" + DAY, "run").toArray(String[]::new));
      assertThat(run.exitCode()).as(run.err()).isZero();
      List<List<String>> contents = contents(clean);
      assertThat(contents.get(0))
          .as("the clean run wrote the drop's clean rows")
          .hasSize((int) drop.expectedCleanRows(RawDataset.ORDERS));
      assertThat(contents.get(1)).hasSize((int) drop.expectedQuarantinedRows(RawDataset.ORDERS));
      return contents;
    }
  }

  @Test
  void killedAtEveryCatalogWriteTheRetryLeavesEachRecordOnceAndAnnouncesEveryPublish()
      throws Exception {
    List<List<String>> expected = cleanRun();
    List<String> heldWrites = new ArrayList<>();
    boolean finished = false;
    for (int k = 1; k <= MAX_KILL_POINTS && !finished; k++) {
      // odd k: the scheduler's retry reuses the templated id; even k: a fresh id for the retry
      String runId = "orders-" + DAY;
      String retryId = k % 2 == 1 ? runId : runId + "-retry-" + k;
      try (Scenario scenario = newScenario("kill-" + k)) {
        announced.clear();
        Path log = dir.resolve("kill-" + k + ".log");
        CommitHold hold = scenario.catalog().holdCommit(k);
        Process cli = startCli(scenario.args(DAY, runId, "killed"), log);
        while (!hold.isHeld() && cli.isAlive()) {
          hold.awaitHeld(Duration.ofMillis(200));
        }
        if (!hold.isHeld()) {
          // the run made fewer than k catalog writes: every kill point was visited
          assertThat(cli.waitFor(1, TimeUnit.MINUTES)).isTrue();
          assertThat(cli.exitValue()).as(log(log)).isZero();
          finished = true;
          continue;
        }
        cli.destroyForcibly().waitFor();
        heldWrites.add(k + ": " + hold.request());
        hold.release(true);

        CliRun retry = CliRun.of(scenario.args(DAY, retryId, "retry").toArray(String[]::new));

        String at = "killed at catalog write " + k + " (" + hold.request() + ")";
        assertThat(retry.exitCode()).as(at + ": " + retry.err()).isZero();
        assertThat(contents(scenario)).as(at).isEqualTo(expected);
        Catalog catalog = scenario.catalogConfig().newCatalog();
        assertThat(stagingBranches(catalog, ORDERS)).as(at).isEmpty();
        assertThat(stagingBranches(catalog, QUARANTINE)).as(at).isEmpty();
        assertThat(new HashSet<>(announced))
            .as(at + ": every publish announced at least once")
            .containsAll(owedPublishes(catalog))
            .isNotEmpty();
        JsonNode summary = JSON.readTree(dir.resolve(scenario.name() + "-retry.json").toFile());
        assertThat(summary.get("status").asText()).as(at).isEqualTo("SUCCEEDED");
      }
    }
    System.out.println("IngestCrashTest kill points:\n  " + String.join("\n  ", heldWrites));
    assertThat(finished).as("a run makes fewer than %d catalog writes", MAX_KILL_POINTS).isTrue();
    assertThat(heldWrites)
        .as("kill points")
        .anySatisfy(w -> assertThat(w).contains("orders_quarantine").contains("(main)"))
        .anySatisfy(w -> assertThat(w).contains("tables/orders:").contains("(main)"));
  }

  @Test
  void twoRunsWithTheSameIdAtOnceSameDayAndTwoDaysPublishEachRecordOnce() throws Exception {
    LocalDate nextDay = DAY.plusDays(1);
    Path days = dir.resolve("two-days");
    DropManifest first = writeDay(days, DAY, 21);
    DropManifest second = writeDay(days, nextDay, 22);
    Path sameDayZone = dir.resolve("same-day");
    DropManifest only = writeDay(sameDayZone, DAY, 23);
    try (Scenario sameDay = newScenario("same-day");
        Scenario twoDays = newScenario("two-days")) {
      String runId = "orders-daily";
      Process a = startCli(withZone(sameDay.args(DAY, runId, "a"), sameDayZone), log("a"));
      Process b = startCli(withZone(sameDay.args(DAY, runId, "b"), sameDayZone), log("b"));
      Process c = startCli(withZone(twoDays.args(DAY, runId, "c"), days), log("c"));
      Process d = startCli(withZone(twoDays.args(nextDay, runId, "d"), days), log("d"));
      for (Process p : List.of(a, b, c, d)) {
        assertThat(p.waitFor(8, TimeUnit.MINUTES)).isTrue();
      }
      assertThat(List.of(a.exitValue(), b.exitValue(), c.exitValue(), d.exitValue()))
          .as(log(log("a")) + log(log("b")) + log(log("c")) + log(log("d")))
          .containsOnly(0);

      List<List<String>> same = contents(sameDay);
      assertThat(same.get(0)).doesNotHaveDuplicates();
      assertThat(same.get(0)).hasSize((int) only.expectedCleanRows(RawDataset.ORDERS));
      assertThat(same.get(1)).hasSize((int) only.expectedQuarantinedRows(RawDataset.ORDERS));
      List<String> outcomes = new ArrayList<>();
      for (String run : List.of("a", "b")) {
        outcomes.add(
            JSON.readTree(dir.resolve("same-day-" + run + ".json").toFile())
                .get("outcome")
                .asText());
      }
      assertThat(outcomes).containsExactlyInAnyOrder("PUBLISHED", "ALREADY_INGESTED");

      List<List<String>> both = contents(twoDays);
      assertThat(both.get(0)).doesNotHaveDuplicates();
      assertThat(both.get(0))
          .hasSize(
              (int)
                  (first.expectedCleanRows(RawDataset.ORDERS)
                      + second.expectedCleanRows(RawDataset.ORDERS)));
      assertThat(both.get(1))
          .hasSize(
              (int)
                  (first.expectedQuarantinedRows(RawDataset.ORDERS)
                      + second.expectedQuarantinedRows(RawDataset.ORDERS)));
      for (Scenario s : List.of(sameDay, twoDays)) {
        Catalog catalog = s.catalogConfig().newCatalog();
        assertThat(stagingBranches(catalog, ORDERS)).isEmpty();
        assertThat(stagingBranches(catalog, QUARANTINE)).isEmpty();
      }
    }
  }

  private static Path log(String run) {
    return dir.resolve("concurrent-" + run + ".log");
  }

  private static List<String> withZone(List<String> args, Path root) {
    List<String> copy = new ArrayList<>(args);
    copy.set(copy.indexOf("--raw") + 1, root.toUri().toString());
    return copy;
  }
}
