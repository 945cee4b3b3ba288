package io.gridata.samples.cli;

import io.gridata.core.GridataException;
import io.gridata.core.view.AppliedView;
import io.gridata.core.view.ViewApplier;
import io.gridata.core.view.ViewSet;
import io.gridata.spark.config.CatalogConfig;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code gridata views apply}: creates or updates Gridata's serving views ({@code
 * <catalog>.serving.*}, SQL in gridata-iceberg's resources) as Iceberg views in the catalog,
 * through Iceberg's Java API (no Spark). Idempotent: a view whose current version already holds the
 * SQL is left alone. Exit codes: 0 applied (whatever changed), 2 usage error or a catalog that
 * cannot hold views, 1 any other failure.
 */
@Command(
    name = "views",
    mixinStandardHelpOptions = true,
    description = "Manage the serving views (Iceberg views Spark and Trino both read).",
    subcommands = {ViewsCommand.Apply.class})
final class ViewsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return GridataCli.EXIT_USAGE;
  }

  /** {@code gridata views apply}. */
  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description =
          "Create the serving views, or give a view a new version where its SQL changed;"
              + " prints one line per view: CREATED, REPLACED, PROPERTIES_UPDATED or UNCHANGED.")
  static final class Apply implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CatalogOptions catalogOptions;

    @Override
    public Integer call() throws IOException {
      CatalogConfig config = catalogOptions.resolve();
      ViewSet serving = ViewSet.serving();
      Catalog catalog = config.newCatalog();
      try {
        ViewApplier applier;
        try {
          applier = ViewApplier.on(catalog, config.name());
        } catch (GridataException e) {
          throw new InputError(spec.commandLine(), e.getMessage());
        }
        List<AppliedView> applied = applier.apply(serving);
        PrintWriter out = spec.commandLine().getOut();
        for (AppliedView view : applied) {
          out.printf(
              "%s.%s  %-18s  version %d  %s%n",
              config.name(), view.view(), view.change(), view.versionId(), view.fingerprint());
        }
        out.flush();
        return 0;
      } finally {
        if (catalog instanceof Closeable closeable) {
          closeable.close();
        }
      }
    }
  }
}
