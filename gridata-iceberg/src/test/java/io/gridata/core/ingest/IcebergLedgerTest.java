package io.gridata.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.NotFoundException;
import io.gridata.core.rawzone.TestS3;
import io.gridata.testkit.RestCatalogServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ledger read back from real Iceberg commits: a REST catalog over s3proxy, data files written
 * by Iceberg's Parquet writer, {@link IngestionCommit#toSummary()} set on each append.
 */
class IcebergLedgerTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "order_id", Types.StringType.get()),
          Types.NestedField.optional(2, "_source_checksum", Types.StringType.get()));

  private static TestS3 s3;
  private static RestCatalogServer catalog;
  private static RESTCatalog client;

  @BeforeAll
  static void start() {
    s3 = TestS3.start();
    catalog =
        new RestCatalogServer(s3.s3())
            .withWarehouseBucket("warehouse-" + UUID.randomUUID().toString().substring(0, 8))
            .start();
    client = catalog.newClient("gridata");
    client.createNamespace(Namespace.of("ledger"));
  }

  @AfterAll
  static void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (catalog != null) {
      catalog.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  private static Table newTable() {
    return client.createTable(
        TableIdentifier.of("ledger", "orders_" + UUID.randomUUID().toString().replace("-", "")),
        SCHEMA,
        PartitionSpec.unpartitioned());
  }

  private static String sha(char c) {
    return String.valueOf(c).repeat(64);
  }

  /** Writes a real Parquet data file with one row per source checksum. */
  private static DataFile dataFile(Table table, List<SourceFile> sources) {
    OutputFile out =
        table
            .io()
            .newOutputFile(
                table.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet"));
    try (FileAppender<GenericRecord> appender =
        Parquet.write(out).schema(SCHEMA).createWriterFunc(GenericParquetWriter::create).build()) {
      int i = 0;
      for (SourceFile source : sources) {
        GenericRecord record = GenericRecord.create(SCHEMA);
        record.set(0, "o-" + i++);
        record.set(1, source.sha256());
        appender.add(record);
      }
      appender.close();
      return DataFiles.builder(table.spec())
          .withInputFile(out.toInputFile())
          .withFormat(FileFormat.PARQUET)
          .withMetrics(appender.metrics())
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long commit(Table table, String branch, IngestionCommit commit) {
    AppendFiles append = table.newAppend().appendFile(dataFile(table, commit.files()));
    commit.toSummary().forEach(append::set);
    if (branch != null) {
      append.toBranch(branch);
    }
    append.commit();
    table.refresh();
    return branch == null
        ? table.currentSnapshot().snapshotId()
        : table.refs().get(branch).snapshotId();
  }

  @Test
  void aTableWithoutSnapshotsHasAnEmptyLedger() {
    IcebergLedger ledger = IcebergLedger.load(newTable());

    assertThat(ledger.size()).isZero();
    assertThat(ledger.headSnapshotId()).isEmpty();
    assertThat(ledger.isIngested(sha('a'))).isFalse();
    assertThat(ledger.runCommitted("run-1")).isFalse();
  }

  @Test
  void committedFilesCountAsIngestedByChecksumWhateverTheirName() {
    Table table = newTable();
    SourceFile a = new SourceFile("raw/ecommerce/orders/2026-11-26/a.csv", sha('a'));
    SourceFile b = new SourceFile("raw/ecommerce/orders/2026-11-26/b,with,commas.csv", sha('b'));
    long snapshot = commit(table, null, IngestionCommit.of("run-1", List.of(a, b)));

    IcebergLedger ledger = IcebergLedger.load(table);

    assertThat(ledger.headSnapshotId()).contains(snapshot);
    assertThat(ledger.runCommitted("run-1")).isTrue();
    assertThat(ledger.runCommitted("run-2")).isFalse();
    assertThat(ledger.isIngested(sha('a'))).isTrue();
    assertThat(ledger.isIngested(sha('A'))).isTrue();
    assertThat(ledger.ingested(sha('b')).orElseThrow().file().path()).endsWith("b,with,commas.csv");
    assertThat(ledger.ingested(sha('b')).orElseThrow().snapshotId()).isEqualTo(snapshot);

    SourceFile renamedCopyOfA =
        new SourceFile("raw/ecommerce/orders/2026-11-27/a-again.csv", sha('a'));
    SourceFile fresh = new SourceFile("raw/ecommerce/orders/2026-11-27/c.csv", sha('c'));
    SourceFile sameBytesAsFresh =
        new SourceFile("raw/ecommerce/orders/2026-11-27/c-copy.csv", sha('c'));
    IngestionPlan plan = ledger.plan(List.of(renamedCopyOfA, fresh, sameBytesAsFresh));

    assertThat(plan.toIngest()).containsExactly(fresh);
    assertThat(plan.alreadyIngested()).extracting(IngestedFile::runId).containsExactly("run-1");
    assertThat(plan.alreadyIngested().get(0).file()).isEqualTo(renamedCopyOfA);
    assertThat(plan.duplicates()).containsExactly(sameBytesAsFresh);
  }

  @Test
  void snapshotsWithoutGridataKeysAreIgnoredAndHistoryIsCumulative() {
    Table table = newTable();
    commit(table, null, IngestionCommit.of("run-1", List.of(new SourceFile("a", sha('a')))));
    table.newAppend().appendFile(dataFile(table, List.of(new SourceFile("x", sha('f'))))).commit();
    commit(table, null, IngestionCommit.of("run-2", List.of(new SourceFile("b", sha('b')))));

    IcebergLedger ledger = IcebergLedger.load(table);

    assertThat(ledger.size()).isEqualTo(2);
    assertThat(ledger.isIngested(sha('f'))).isFalse();
    assertThat(ledger.runCommitted("run-1")).isTrue();
    assertThat(ledger.runCommitted("run-2")).isTrue();
  }

  @Test
  void aRolledBackCommitNoLongerCountsSoItsFilesAreIngestedAgain() {
    Table table = newTable();
    long first =
        commit(table, null, IngestionCommit.of("run-1", List.of(new SourceFile("a", sha('a')))));
    commit(table, null, IngestionCommit.of("run-2", List.of(new SourceFile("b", sha('b')))));
    assertThat(IcebergLedger.load(table).isIngested(sha('b'))).isTrue();

    table.manageSnapshots().rollbackTo(first).commit();
    IcebergLedger ledger = IcebergLedger.load(table);

    assertThat(ledger.isIngested(sha('a'))).isTrue();
    assertThat(ledger.isIngested(sha('b'))).isFalse();
    assertThat(ledger.runCommitted("run-2")).isFalse();
  }

  @Test
  void aStagedCommitOnAnAuditBranchCountsOnlyOnceMainIsFastForwarded() {
    Table table = newTable();
    commit(table, null, IngestionCommit.of("run-1", List.of(new SourceFile("a", sha('a')))));
    table
        .manageSnapshots()
        .createBranch("audit_run_2", table.currentSnapshot().snapshotId())
        .commit();
    commit(
        table, "audit_run_2", IngestionCommit.of("run-2", List.of(new SourceFile("b", sha('b')))));

    assertThat(IcebergLedger.load(table).runCommitted("run-2")).isFalse();
    assertThat(IcebergLedger.load(table, "audit_run_2").runCommitted("run-2")).isTrue();

    table.manageSnapshots().fastForwardBranch("main", "audit_run_2").commit();

    assertThat(IcebergLedger.load(table).isIngested(sha('b'))).isTrue();
    assertThatThrownBy(() -> IcebergLedger.load(table, "nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no branch 'nope'");
  }

  @Test
  void theSummaryKeysAreTheDocumentedOnes() {
    Table table = newTable();
    IngestionCommit commit =
        IngestionCommit.of(
            "run-9",
            List.of(new SourceFile("p/b.csv", sha('b')), new SourceFile("p/a.csv", sha('a'))));
    commit(table, null, commit);

    Map<String, String> summary = table.currentSnapshot().summary();

    assertThat(summary)
        .containsEntry("gridata.run-id", "run-9")
        .containsEntry("gridata.source-checksums", sha('b') + "," + sha('a'))
        .containsEntry("gridata.source-files", "[\"p/b.csv\",\"p/a.csv\"]")
        .containsEntry("gridata.ledger-version", "1")
        .containsEntry(
            "gridata.source-digest", IngestionCommit.digest(List.of(sha('a'), sha('b'))));
    assertThat(IngestionCommit.fromSummary(summary)).contains(commit);
  }
}
