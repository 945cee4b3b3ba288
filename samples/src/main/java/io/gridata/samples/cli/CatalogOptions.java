package io.gridata.samples.cli;

import io.gridata.core.InvalidInputException;
import io.gridata.spark.config.CatalogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options that name the Iceberg catalog (shared by the commands that read or write tables). */
final class CatalogOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--warehouse",
      paramLabel = "PATH",
      description = "Directory of the embedded Iceberg catalog (JDBC on SQLite) and its data.")
  Path warehouse;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Catalog properties (gridata.catalog.*, see gridata-spark's README); the environment"
              + " (GRIDATA_CATALOG_*) is read too. Use instead of --warehouse.")
  Path config;

  /** The catalog the options name; a usage error names the option when they do not. */
  CatalogConfig resolve() {
    if ((warehouse == null) == (config == null)) {
      throw usage("give exactly one of --warehouse PATH or --config FILE");
    }
    if (warehouse != null) {
      checkWarehouse();
      return CatalogConfig.embedded(warehouse);
    }
    if (!Files.isReadable(config)) {
      throw usage("--config " + config + ": no such readable file");
    }
    try {
      return CatalogConfig.resolve(Optional.of(config), System.getenv(), Map.of(), Map.of());
    } catch (InvalidInputException e) {
      throw usage("--config " + config + ": " + e.getMessage());
    }
  }

  /**
   * The embedded catalog creates its directory: the path, or the nearest part of it that exists,
   * must be a directory (a regular file there used to fail later with a stack trace).
   */
  private void checkWarehouse() {
    Path existing = warehouse.toAbsolutePath().normalize();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && !Files.isDirectory(existing)) {
      throw usage(
          "--warehouse "
              + warehouse
              + ": "
              + existing
              + " is a file, not a directory; give a directory (created if missing)");
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
