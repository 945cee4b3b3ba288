package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.testkit.data.DropManifest;
import io.gridata.testkit.data.RawDataset;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The demo end to end, then its table read back with Iceberg's own Java API. */
class DemoCommandTest {

  @Test
  void demoIngestsEveryDayOnceAndRejectsTheBadFiles(@TempDir Path dir) throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = GridataCli.newCommandLine();
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("demo", "--workdir", dir.toString(), "--orders", "90", "--days", "2");

    assertThat(exit).as(out.toString()).isZero();
    List<DropManifest> drops;
    try (Stream<Path> files = Files.list(dir.resolve("zone/manifests/ecommerce"))) {
      drops =
          files
              .map(
                  f -> {
                    try {
                      return DropManifest.fromJson(Files.readString(f, StandardCharsets.UTF_8));
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .toList();
    }
    assertThat(drops).hasSize(2);
    long expectedRows = drops.stream().mapToLong(d -> d.expectedCleanRows(RawDataset.ORDERS)).sum();
    long rejectedFiles = drops.stream().mapToLong(d -> d.rejectedFiles().size()).sum();
    assertThat(out.toString())
        .contains("2026-11-01  files: 3 accepted, 1 rejected")
        .contains("2026-11-02  files: 3 accepted, 1 rejected")
        .contains("re-run of 2026-11-01: 3 files already ingested, 0 rows written")
        .contains(DemoCommand.TABLE + ": " + expectedRows + " rows, ");
    assertThat(rejectedFiles).isEqualTo(2);

    try (JdbcCatalog catalog = new JdbcCatalog()) {
      Path warehouse = dir.resolve("warehouse");
      catalog.initialize(
          "verify",
          Map.of(
              "uri",
              "jdbc:sqlite:" + warehouse.toAbsolutePath().resolve("catalog.db"),
              "warehouse",
              warehouse.toUri().toString(),
              "jdbc.schema-version",
              "V1"));
      Table table = catalog.loadTable(TableIdentifier.of("ecommerce", "orders"));
      long rows = 0;
      try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
        for (Record ignored : records) {
          rows++;
        }
      }
      assertThat(rows).isEqualTo(expectedRows);
      List<String> runIds = new java.util.ArrayList<>();
      for (Snapshot snapshot : table.snapshots()) {
        if (snapshot.summary().containsKey("gridata.run-id")) {
          runIds.add(snapshot.summary().get("gridata.run-id"));
        }
      }
      // one commit per day; the re-run committed nothing
      assertThat(runIds).hasSize(2).doesNotHaveDuplicates();
    }
  }

  @Test
  void badOptionsExitWithTheUsageCode(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    CommandLine cli = GridataCli.newCommandLine();
    cli.setErr(new PrintWriter(err));

    assertThat(cli.execute("demo", "--orders", "0", "--workdir", dir.toString()))
        .isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(err.toString()).contains("--orders and --days must be >= 1");
    assertThat(cli.execute("demo", "--orders", "many")).isEqualTo(GridataCli.EXIT_USAGE);
  }
}
