package io.gridata.core.table;

import io.gridata.core.ingest.SnapshotSummaryKeys;
import io.gridata.testkit.RestCatalogServer;
import io.gridata.testkit.S3Endpoint;
import io.gridata.testkit.S3ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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
  private final S3ProxyServer ownS3;
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
    String external = System.getProperty("gridata.it.s3.endpoint");
    if (external != null && !external.isBlank()) {
      this.ownS3 = null;
      this.s3 = external(external);
    } else {
      this.ownS3 = startS3();
      this.s3 = ownS3;
    }
    this.server =
        new RestCatalogServer(s3)
            .withWarehouseBucket(
                "gridata-table-tests-" + UUID.randomUUID().toString().substring(0, 8))
            .start();
    this.catalog = server.newClient("gridata");
    catalog.createNamespace(Namespace.of("test"));
  }

  /**
   * Starts s3proxy, retrying: on a loaded shared machine its child JVM can miss the testkit's 60 s
   * readiness deadline once and then start from a warm page cache.
   */
  private static S3ProxyServer startS3() {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        return new S3ProxyServer().withStorage(S3ProxyServer.Storage.TRANSIENT).start();
      } catch (IllegalStateException slow) {
        last = slow;
      }
    }
    throw last;
  }

  /**
   * An already running S3-compatible server ({@code -Dgridata.it.s3.endpoint=URL}, {@code
   * .access-key}, {@code .secret-key}), for machines too loaded to start the s3proxy child in time.
   */
  private static S3Endpoint external(String url) {
    String key = System.getProperty("gridata.it.s3.access-key", "gridata");
    String secret = System.getProperty("gridata.it.s3.secret-key", "");
    return new S3Endpoint() {
      @Override
      public URI endpoint() {
        return URI.create(url);
      }

      @Override
      public String accessKey() {
        return key;
      }

      @Override
      public String secretKey() {
        return secret;
      }
    };
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
      // closes in reverse order: client, catalog server
    } finally {
      if (ownS3 != null) {
        ownS3.close();
      }
    }
  }
}
