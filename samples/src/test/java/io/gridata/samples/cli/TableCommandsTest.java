package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.core.ingest.SnapshotSummaryKeys;
import io.gridata.core.ingest.StagingAttempt;
import io.gridata.core.run.RunId;
import io.gridata.spark.config.CatalogConfig;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gridata snapshots} and {@code gridata rollback} on the embedded catalog (JDBC on SQLite,
 * Parquet files written with Iceberg's generic writer), without Spark.
 */
class TableCommandsTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "amount", Types.DoubleType.get()));

  @TempDir Path dir;
  private long first;
  private long second;
  private long third;

  @BeforeEach
  void table() throws IOException {
    Catalog catalog = CatalogConfig.embedded(dir.resolve("warehouse")).newCatalog();
    try {
      ((SupportsNamespaces) catalog).createNamespace(Namespace.of("shop"));
      Table table =
          catalog.createTable(
              TableIdentifier.of("shop", "events"), SCHEMA, PartitionSpec.unpartitioned());
      first = append(table, "run-a", 1L, 2L);
      second = append(table, "run-b", 3L);
      third = append(table, null, 4L, 5L, 6L);
    } finally {
      ((Closeable) catalog).close();
    }
  }

  private String warehouse() {
    return dir.resolve("warehouse").toString();
  }

  @Test
  void listsTheHistoryNewestFirstWithRunIds() {
    CliRun run = CliRun.of("snapshots", "gridata.shop.events", "--warehouse", warehouse());

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo("gridata.shop.events, branch main: 3 snapshot(s), newest first");
    assertThat(lines.get(2)).startsWith(Long.toString(third)).contains("append", "3", "6");
    assertThat(lines.get(3)).startsWith(Long.toString(second)).contains("run-b");
    assertThat(lines.get(4)).startsWith(Long.toString(first)).contains("run-a");
  }

  @Test
  void rollsMainBackOnlyWhereItWasSeenAndWithinItsHistory() throws IOException {
    CliRun stale =
        CliRun.of(
            "rollback",
            "gridata.shop.events",
            "--to",
            Long.toString(first),
            "--expect",
            Long.toString(second),
            "--warehouse",
            warehouse());
    assertThat(stale.exitCode()).isEqualTo(1);
    assertThat(stale.err()).contains("nothing changed");
    assertThat(currentSnapshot()).isEqualTo(third);

    CliRun unknown =
        CliRun.of("rollback", "gridata.shop.events", "--to", "12345", "--warehouse", warehouse());
    assertThat(unknown.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(unknown.err()).contains("--to 12345");

    CliRun done =
        CliRun.of(
            "rollback",
            "gridata.shop.events",
            "--to",
            Long.toString(first),
            "--warehouse",
            warehouse());
    assertThat(done.exitCode()).as(done.err()).isZero();
    assertThat(done.out())
        .contains("main moved from " + third + " to " + first)
        .contains("[" + third + ", " + second + "]");
    assertThat(currentSnapshot()).isEqualTo(first);
  }

  @Test
  void aMissingTableOrAnotherCatalogsNameIsAUsageError() {
    CliRun missing = CliRun.of("snapshots", "gridata.shop.nope", "--warehouse", warehouse());
    assertThat(missing.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(missing.err()).contains("table gridata.shop.nope does not exist");

    CliRun otherCatalog = CliRun.of("snapshots", "lake.shop.events", "--warehouse", warehouse());
    assertThat(otherCatalog.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(otherCatalog.err()).contains("expected gridata.<namespace>.<table>");
  }

  @Test
  void branchesCleanDropsTheStagingBranchesOfDeadAttemptsOnly() throws Exception {
    StagingAttempt live = StagingAttempt.start(RunId.of("orders-daily"));
    StagingAttempt otherHost =
        new StagingAttempt(
            "orders-daily", Instant.now().minus(Duration.ofHours(2)), "ffffff", 7, "0001");
    Catalog catalog = CatalogConfig.embedded(dir.resolve("warehouse")).newCatalog();
    try {
      Table table = catalog.loadTable(TableIdentifier.of("shop", "events"));
      table.manageSnapshots().createBranch(live.branch(), third).commit();
      table.manageSnapshots().createBranch(otherHost.branch(), third).commit();
    } finally {
      ((Closeable) catalog).close();
    }

    CliRun list = CliRun.of("branches", "list", "gridata.shop.events", "--warehouse", warehouse());
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out())
        .contains("2 staging branch(es)")
        .contains("live   " + live.branch())
        .contains("live   " + otherHost.branch());

    CliRun young =
        CliRun.of("branches", "clean", "gridata.shop.events", "--warehouse", warehouse());
    assertThat(young.exitCode()).as(young.err()).isZero();
    assertThat(young.out()).contains("dropped 0 staging branch(es)");

    CliRun clean =
        CliRun.of(
            "branches",
            "clean",
            "gridata.shop.events",
            "--older-than",
            "1h",
            "--warehouse",
            warehouse());
    assertThat(clean.exitCode()).as(clean.err()).isZero();
    assertThat(clean.out()).contains("dropped " + otherHost.branch());
    catalog = CatalogConfig.embedded(dir.resolve("warehouse")).newCatalog();
    try {
      assertThat(catalog.loadTable(TableIdentifier.of("shop", "events")).refs().keySet())
          .containsExactlyInAnyOrder("main", live.branch());
    } finally {
      ((Closeable) catalog).close();
    }

    CliRun badAge =
        CliRun.of(
            "branches",
            "clean",
            "gridata.shop.events",
            "--older-than",
            "soon",
            "--warehouse",
            warehouse());
    assertThat(badAge.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(badAge.err()).contains("--older-than");
  }

  @Test
  void aTableThatNeverPublishedSaysSoInsteadOfPrintingUsage() throws IOException {
    Catalog catalog = CatalogConfig.embedded(dir.resolve("warehouse")).newCatalog();
    try {
      catalog.createTable(
          TableIdentifier.of("shop", "staged_only"), SCHEMA, PartitionSpec.unpartitioned());
    } finally {
      ((Closeable) catalog).close();
    }

    CliRun empty = CliRun.of("snapshots", "gridata.shop.staged_only", "--warehouse", warehouse());

    assertThat(empty.exitCode()).as(empty.err()).isZero();
    assertThat(empty.out())
        .contains("gridata.shop.staged_only, branch main: 0 snapshot(s)", "nothing published yet");
    assertThat(empty.err()).doesNotContain("Usage:");

    CliRun missing = CliRun.of("snapshots", "gridata.shop.nope", "--warehouse", warehouse());
    assertThat(missing.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(missing.err()).contains("does not exist").doesNotContain("Usage:");

    CliRun branch =
        CliRun.of(
            "snapshots", "gridata.shop.events", "--branch", "nope", "--warehouse", warehouse());
    assertThat(branch.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(branch.err()).contains("nope").doesNotContain("Usage:");
  }

  @Test
  void aWarehouseUnderARegularFileIsAUsageErrorWithoutAStackTrace() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

    CliRun run = CliRun.of("snapshots", "gridata.shop.events", "--warehouse", file + "/wh");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(run.err())
        .contains("--warehouse " + file + "/wh", file + " is a file, not a directory")
        .doesNotContain("\tat ");
  }

  /** Read with a new catalog client: nothing cached from before. */
  private long currentSnapshot() throws IOException {
    Catalog catalog = CatalogConfig.embedded(dir.resolve("warehouse")).newCatalog();
    try {
      return catalog.loadTable(TableIdentifier.of("shop", "events")).currentSnapshot().snapshotId();
    } finally {
      ((Closeable) catalog).close();
    }
  }

  /** Appends {@code ids} as one real Parquet file in one commit carrying {@code runId}. */
  private static long append(Table table, String runId, Long... ids) throws IOException {
    String location = table.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet");
    DataWriter<Record> writer =
        Parquet.writeData(table.io().newOutputFile(location))
            .schema(table.schema())
            .createWriterFunc(GenericParquetWriter::create)
            .withSpec(table.spec())
            .overwrite()
            .build();
    try (writer) {
      for (long id : ids) {
        GenericRecord record = GenericRecord.create(table.schema());
        record.setField("id", id);
        record.setField("amount", id * 1.5);
        writer.write(record);
      }
    }
    DataFile file = writer.toDataFile();
    var append = table.newAppend().appendFile(file);
    if (runId != null) {
      append.set(SnapshotSummaryKeys.RUN_ID, runId);
    }
    append.commit();
    return table.currentSnapshot().snapshotId();
  }
}
