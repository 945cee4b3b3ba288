package io.gridata.testkit;

import static java.util.Objects.requireNonNull;

import io.gridata.testkit.internal.RestCatalogService;
import io.gridata.testkit.internal.UnshadedIceberg;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * A real Iceberg REST catalog served from this JVM: Iceberg's own {@code RESTCatalogAdapter} and
 * {@code RESTCatalogServlet} on Jetty 11, backed by a {@code JdbcCatalog} on a SQLite file, with
 * its warehouse in an {@link S3Endpoint} through {@code S3FileIO}. Clients (Spark, the Java API)
 * talk HTTP to it exactly as to a production REST catalog. With {@code iceberg-spark-runtime} on
 * the class path (it relocates Jackson, which Iceberg's servlet cannot use) the server runs in a
 * class loader of its own over the unshaded {@code iceberg-core}, resolved through Maven.
 *
 * <pre>{@code
 * try (RestCatalogServer catalog = new RestCatalogServer(s3).withWarehouseBucket("warehouse").start()) {
 *   RESTCatalog client = catalog.newClient("gridata");
 * }
 * }</pre>
 */
public final class RestCatalogServer implements CatalogEndpoint, AutoCloseable {
  private final S3Endpoint s3;
  private String bucket = "warehouse";
  private Path directory;
  private RestCatalogService server;
  private URI uri;

  /** A catalog whose warehouse lives in {@code s3}. */
  public RestCatalogServer(S3Endpoint s3) {
    this.s3 = requireNonNull(s3, "s3 is null");
  }

  /** Bucket holding the warehouse; {@code warehouse} by default, created on start. */
  public RestCatalogServer withWarehouseBucket(String newBucket) {
    this.bucket = requireNonNull(newBucket, "bucket is null");
    return this;
  }

  /** Directory for the SQLite catalog database; a new temporary directory by default. */
  public RestCatalogServer withDirectory(Path newDirectory) {
    this.directory = requireNonNull(newDirectory, "directory is null");
    return this;
  }

  /**
   * Creates the warehouse bucket, opens the JDBC catalog and serves it on a free loopback port.
   *
   * @return this server, running
   */
  public RestCatalogServer start() {
    if (server != null) {
      throw new IllegalStateException("Cannot start REST catalog: already running at " + uri);
    }
    try {
      Path dir = directory != null ? directory : Files.createTempDirectory("gridata-catalog-");
      Files.createDirectories(dir);
      s3.createBucket(bucket);
      Map<String, String> properties = new HashMap<>(s3.fileIoProperties());
      properties.put(CatalogProperties.URI, "jdbc:sqlite:" + dir.resolve("catalog.db"));
      properties.put("jdbc.schema-version", "V1");
      properties.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse());
      // SQLite allows one writer: one pooled connection avoids "database is locked".
      properties.put(CatalogProperties.CLIENT_POOL_SIZE, "1");
      this.server = UnshadedIceberg.startRestCatalog(properties);
      this.uri = URI.create("http://127.0.0.1:" + server.port());
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start REST catalog: " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start REST catalog: " + e.getMessage(), e);
    }
  }

  @Override
  public URI uri() {
    if (uri == null) {
      throw new IllegalStateException("REST catalog is not running: call start() first");
    }
    return uri;
  }

  @Override
  public String warehouse() {
    return "s3://" + bucket + "/";
  }

  @Override
  public Map<String, String> clientProperties() {
    Map<String, String> properties = new HashMap<>(s3.fileIoProperties());
    properties.put(CatalogProperties.URI, uri().toString());
    return Map.copyOf(properties);
  }

  /**
   * Injects a one-shot fault into the next commit of {@code table} (single-level namespace) that
   * moves {@code ref} (e.g. {@code main}): the client gets HTTP 500, which Iceberg's REST client
   * reports as {@code CommitStateUnknownException}, and the commit is applied or not as {@code
   * fault} says. Arming again replaces a fault that has not fired.
   */
  public void failNextCommit(TableIdentifier table, String ref, CommitFault fault) {
    requireNonNull(table, "table is null");
    requireNonNull(ref, "ref is null");
    requireNonNull(fault, "fault is null");
    if (table.namespace().length() != 1) {
      throw new IllegalArgumentException(
          "Cannot arm a commit fault on " + table + ": only single-level namespaces are served");
    }
    running().arm(table.namespace().level(0), table.name(), ref, fault.name());
  }

  /**
   * Holds the {@code k}-th catalog write (table created or table commit, counted from now) at the
   * server until the returned hold is released: a test kills the writing process while it waits for
   * the answer, then decides whether the commit is applied.
   */
  public CommitHold holdCommit(int k) {
    CommitHold hold = new CommitHold(k);
    running().hold(hold.index(), hold::hold);
    return hold;
  }

  /** True while a fault armed by {@link #failNextCommit} has not fired. */
  public boolean commitFaultPending() {
    return server != null && server.isArmed();
  }

  private RestCatalogService running() {
    if (server == null) {
      throw new IllegalStateException("REST catalog is not running: call start() first");
    }
    return server;
  }

  /** Stops Jetty and closes the backing catalog; a no-op when not running. */
  @Override
  public void close() {
    try {
      if (server != null) {
        server.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop REST catalog at " + uri, e);
    } finally {
      server = null;
    }
  }
}
