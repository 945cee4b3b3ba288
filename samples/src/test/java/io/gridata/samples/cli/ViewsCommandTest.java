package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.core.view.ViewSet;
import io.gridata.spark.config.CatalogConfig;
import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.catalog.ViewCatalog;
import org.apache.iceberg.view.SQLViewRepresentation;
import org.apache.iceberg.view.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gridata views apply} on the embedded catalog (JDBC on SQLite), without Spark. */
class ViewsCommandTest {
  @TempDir Path dir;

  @Test
  void appliesTheServingViewsOnceAndThenReportsThemUnchanged() throws Exception {
    String warehouse = dir.resolve("warehouse").toString();

    CliRun first = CliRun.of("views", "apply", "--warehouse", warehouse);

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out().lines().toList())
        .hasSize(3)
        .allMatch(
            line -> line.matches("gridata\\.serving\\.\\w+  CREATED +version 1  sha256:\\w{64}"))
        .anyMatch(line -> line.startsWith("gridata.serving.daily_orders_revenue "))
        .anyMatch(line -> line.startsWith("gridata.serving.orders_last_hour "))
        .anyMatch(line -> line.startsWith("gridata.serving.customer_360_by_segment "));

    CliRun second = CliRun.of("views", "apply", "--warehouse", warehouse);

    assertThat(second.exitCode()).as(second.err()).isZero();
    List<String> unchanged = second.out().lines().toList();
    assertThat(unchanged).hasSize(3).allMatch(line -> line.contains("  UNCHANGED "));
    assertThat(unchanged)
        .as("same fingerprints")
        .isEqualTo(first.out().lines().map(l -> l.replace("CREATED  ", "UNCHANGED")).toList());

    Catalog catalog = CatalogConfig.embedded(dir.resolve("warehouse")).newCatalog();
    try {
      View view =
          ((ViewCatalog) catalog).loadView(TableIdentifier.of("serving", "orders_last_hour"));
      assertThat(view.versions()).hasSize(1);
      assertThat(view.currentVersion().representations())
          .extracting(r -> ((SQLViewRepresentation) r).dialect())
          .containsExactlyInAnyOrder("spark", "trino");
      assertThat(view.sqlFor("trino").sql())
          .isEqualTo(ViewSet.serving().views().get(1).queries().get("trino"));
    } finally {
      ((Closeable) catalog).close();
    }
  }

  @Test
  void catalogOptionsAndTheSubcommandAreRequired() throws Exception {
    CliRun noCatalog = CliRun.of("views", "apply");
    assertThat(noCatalog.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(noCatalog.err())
        .startsWith("gridata: give exactly one of --warehouse PATH or --config FILE");

    Path file = Files.writeString(dir.resolve("a-file"), "x");
    CliRun fileAsWarehouse = CliRun.of("views", "apply", "--warehouse", file.toString());
    assertThat(fileAsWarehouse.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(fileAsWarehouse.err()).contains("is a file, not a directory");

    CliRun noSubcommand = CliRun.of("views");
    assertThat(noSubcommand.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(noSubcommand.err()).contains("apply");
  }
}
