package io.gridata.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST catalog in its own class loader (what an application on {@code iceberg-spark-runtime}
 * gets) answers this JVM's client and takes its injected faults across the loader boundary.
 */
class UnshadedIcebergTest {

  @Test
  void isolatedServerServesTheClientAndFiresAnArmedFault(@TempDir Path dir) throws Exception {
    assertThat(UnshadedIceberg.onClassPath()).as("this build's Iceberg is unshaded").isTrue();
    Map<String, String> properties =
        Map.of(
            CatalogProperties.URI,
            "jdbc:sqlite:" + dir.resolve("catalog.db"),
            "jdbc.schema-version",
            "V1",
            CatalogProperties.WAREHOUSE_LOCATION,
            "memory://warehouse/",
            CatalogProperties.FILE_IO_IMPL,
            "org.apache.iceberg.inmemory.InMemoryFileIO",
            CatalogProperties.CLIENT_POOL_SIZE,
            "1");
    try (RestCatalogService server = UnshadedIceberg.startIsolated(properties);
        RESTCatalog client = new RESTCatalog()) {
      assertThat(server.getClass().getClassLoader())
          .isNotSameAs(RestCatalogService.class.getClassLoader());
      client.initialize(
          "isolated",
          Map.of(
              CatalogProperties.URI,
              "http://127.0.0.1:" + server.port(),
              CatalogProperties.FILE_IO_IMPL,
              "org.apache.iceberg.inmemory.InMemoryFileIO"));
      client.createNamespace(Namespace.of("shop"));
      Table table =
          client.createTable(
              TableIdentifier.of("shop", "orders"),
              new Schema(Types.NestedField.required(1, "id", Types.LongType.get())));

      server.arm("shop", "orders", SnapshotRef.MAIN_BRANCH, "FAILED_UNAPPLIED");
      assertThat(server.isArmed()).isTrue();
      assertThatThrownBy(
              () ->
                  table
                      .newAppend()
                      .appendFile(
                          DataFiles.builder(PartitionSpec.unpartitioned())
                              .withPath("memory://warehouse/shop/orders/data/a.parquet")
                              .withFileSizeInBytes(10)
                              .withRecordCount(1)
                              .build())
                      .commit())
          .isInstanceOf(CommitStateUnknownException.class)
          .hasMessageContaining("injected FAILED_UNAPPLIED");
      assertThat(server.isArmed()).as("the fault fired once").isFalse();
    }
  }
}
