package io.gridata.samples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.spark.orders.FileOutcome;
import io.gridata.spark.orders.OrdersJob;
import io.gridata.spark.orders.OrdersJobResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gridata ingest}: runs the orders pipeline for one day of a raw zone (local or S3) into an
 * Iceberg table. Exit codes: 0 done (files ingested, or nothing new), 2 usage or configuration
 * error, 4 every file of the day was rejected, 1 any other failure.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Validate one day of raw files (rejecting bad ones with a reason), write the good rows to"
            + " the Iceberg table and the bad rows to its quarantine table, exactly once per file.")
final class IngestCommand implements Callable<Integer> {
  /** Exit code when every file of the day was rejected. */
  static final int EXIT_ALL_REJECTED = 4;

  static final String ORDERS = "ecommerce.orders";

  @Spec CommandSpec spec;
  @Mixin RawZoneOptions zone;

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

  @Option(
      names = "--table",
      paramLabel = "NAME",
      description = "Target table (default: ${DEFAULT-VALUE}).",
      defaultValue = OrdersJob.DEFAULT_TABLE)
  String table;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "Run id recorded in manifests and the snapshot (default: orders-DATE-...).")
  String runId;

  @Option(
      names = "--summary-json",
      paramLabel = "PATH",
      description = "Also write the run summary (per-file outcomes, row counts, snapshot) as JSON.")
  Path summaryJson;

  @Override
  public Integer call() throws IOException {
    RawPartition partition = zone.partition();
    if (!ORDERS.equals(partition.domain() + "." + partition.dataset())) {
      throw new ParameterException(
          spec.commandLine(),
          "--dataset " + zone.dataset + " has no pipeline yet; supported: " + ORDERS);
    }
    CatalogConfig catalog = catalog();
    SparkSession spark = LocalSpark.session("gridata-ingest", catalog);
    OrdersJobResult result;
    try (RawZone raw = zone.open()) {
      OrdersJob job = OrdersJob.builder(spark, raw).table(table).build();
      result = runId != null ? job.run(zone.day(), runId) : job.run(zone.day());
    }
    RunPrinter.print(spec.commandLine().getOut(), result);
    if (summaryJson != null) {
      Files.writeString(summaryJson, summary(result));
    }
    if (result.files().isEmpty()) {
      spec.commandLine().getOut().printf("no files in %s%n", partition.prefix());
      spec.commandLine().getOut().flush();
    }
    return result.allRejected() ? EXIT_ALL_REJECTED : 0;
  }

  private CatalogConfig catalog() {
    if ((warehouse == null) == (config == null)) {
      throw new ParameterException(
          spec.commandLine(), "give exactly one of --warehouse PATH or --config FILE");
    }
    if (warehouse != null) {
      return CatalogConfig.embedded(warehouse);
    }
    return CatalogConfig.resolve(Optional.of(config), System.getenv(), Map.of(), Map.of());
  }

  private String summary(OrdersJobResult result) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("runId", result.runId());
    root.put("dataset", zone.dataset);
    root.put("date", result.date().toString());
    root.put("table", table);
    ArrayNode files = root.putArray("files");
    for (FileOutcome file : result.files()) {
      ObjectNode node = files.addObject();
      node.put("file", file.key().path());
      node.put("status", file.status().name());
      node.put("sha256", file.sha256().orElse(null));
      node.put("reason", file.reason());
    }
    root.put("filesAccepted", result.filesAccepted());
    root.put("filesRejected", result.filesRejected());
    root.put("rowsRead", result.rowsRead());
    root.put("rowsWritten", result.rowsWritten());
    root.put("rowsQuarantined", result.rowsQuarantined());
    root.put("duplicatesDropped", result.duplicatesDropped());
    root.put("publishedSnapshotId", result.publishedSnapshotId().orElse(null));
    root.put("elapsedMillis", result.elapsed().toMillis());
    return json.writeValueAsString(root);
  }
}
