package io.gridata.samples.cli;

import io.gridata.spark.config.CatalogConfig;
import java.io.Closeable;
import java.io.IOException;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The TABLE argument and catalog options of the table commands ({@code snapshots}, {@code
 * rollback}), and opening that table through Iceberg's Java API with usage errors.
 */
final class TableCommands {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Mixin CatalogOptions catalogOptions;

  @Parameters(
      paramLabel = "TABLE",
      description = "catalog.namespace.table, e.g. gridata.ecommerce.orders")
  String table;

  /** The catalog and one of its tables; closing closes the catalog. */
  record Opened(Catalog catalog, Table table) implements Closeable {
    @Override
    public void close() throws IOException {
      if (catalog instanceof Closeable closeable) {
        closeable.close();
      }
    }
  }

  /** Opens the TABLE argument ({@code catalog.namespace.table}) of the catalog the options name. */
  Opened open() throws IOException {
    String name = table;
    CatalogConfig config = catalogOptions.resolve();
    String prefix = config.name() + ".";
    if (!name.startsWith(prefix) || name.substring(prefix.length()).split("\\.", -1).length != 2) {
      throw usage(
          spec,
          "table "
              + name
              + ": expected "
              + config.name()
              + ".<namespace>.<table> (the catalog"
              + " the options name is "
              + config.name()
              + ")");
    }
    Catalog catalog = config.newCatalog();
    try {
      return new Opened(
          catalog, catalog.loadTable(TableIdentifier.parse(name.substring(prefix.length()))));
    } catch (NoSuchTableException e) {
      if (catalog instanceof Closeable closeable) {
        closeable.close();
      }
      throw new InputError(
          spec.commandLine(),
          "table "
              + name
              + " does not exist in "
              + config
              + ": check the name, or ingest a day first (the first run creates it)");
    }
  }

  static ParameterException usage(CommandSpec spec, String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
