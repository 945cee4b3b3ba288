package io.gridata.core.table;

import io.gridata.core.ingest.SnapshotSummaryKeys;
import io.gridata.core.rawzone.TestS3;
import io.gridata.testkit.RestCatalogServer;
import io.gridata.testkit.S3Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * The real stack for table tests: an s3proxy child process, Iceberg's REST catalog over it, and
 * Parquet data files written with Iceberg's generic writer into the S3 server.
 */
final class TableFixture implements AutoCloseable {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static TableFixture shared;

  final S3Endpoint s3;
  final RestCatalogServer server;
  final RESTCatalog catalog;

  /**
   * One stack for all table test classes of this JVM (started once: a child JVM start can take a
   * minute on a loaded machine), stopped when the JVM exits.
   */
  static synchronized TableFixture shared() {
    if (shared == null) {
      TableFixture fixture = new TableFixture();
      Runtime.getRuntime().addShutdownHook(new Thread(fixture::closeQuietly, "table-fixture-stop"));
      shared = fixture;
    }
    return shared;
  }

  private void closeQuietly() {
    try {
      close();
    } catch (Exception ignored) {
      // JVM exit: nothing left to report to
    }
  }

  private TableFixture() {
    this.s3 = TestS3.start().s3();
    this.server =
        new RestCatalogServer(s3)
            .withWarehouseBucket(
                "gridata-table-tests-" + UUID.randomUUID().toString().substring(0, 8))
            .start();
    this.catalog = server.newClient("gridata");
    catalog.createNamespace(Namespace.of("test"));
  }

  /** A second, independent client: another writer. */
  RESTCatalog otherClient() {
    return server.newClient("other-writer");
  }

  Table create(String prefix, Schema schema, PartitionSpec spec) {
    TableIdentifier id = TableIdentifier.of("test", prefix + "_" + TABLES.incrementAndGet());
    return catalog.createTable(id, schema, spec);
  }

  /** Writes {@code records} as new Parquet files (one per partition) in the S3 server. */
  static List<DataFile> write(Table table, List<Record> records) {
    PartitionSpec spec = table.spec();
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 1, System.nanoTime())
            .format(FileFormat.PARQUET)
            .operationId(UUID.randomUUID().toString())
            .build();
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).build();
    PartitionKey key = new PartitionKey(spec, table.schema());
    InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
    FanoutDataWriter<Record> writer =
        new FanoutDataWriter<>(writers, files, table.io(), 128L * 1024 * 1024);
    try (writer) {
      for (Record record : records) {
        key.partition(wrapper.wrap(record));
        writer.write(record, spec, key);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.result().dataFiles();
  }

  /**
   * Appends {@code records} to {@code branch} in one commit carrying {@code runId} (if not null).
   */
  static Snapshot append(Table table, String branch, String runId, List<Record> records) {
    AppendFiles append = table.newAppend();
    write(table, records).forEach(append::appendFile);
    if (runId != null) {
      append.set(SnapshotSummaryKeys.RUN_ID, runId);
    }
    if (!TableOps.MAIN.equals(branch)) {
      append.toBranch(branch);
    }
    append.commit();
    table.refresh();
    return table.snapshot(branch);
  }

  @Override
  public void close() throws Exception {
    try (RestCatalogServer stopServer = server;
        RESTCatalog stopClient = catalog) {
      // closes in reverse order: client, catalog server; the shared S3 server stops with the JVM
    }
  }
}
