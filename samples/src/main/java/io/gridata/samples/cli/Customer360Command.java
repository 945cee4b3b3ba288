package io.gridata.samples.cli;

import io.gridata.pipeline.Customer360Lineage;
import io.gridata.pipeline.Customer360Pipeline;
import io.gridata.spark.config.CatalogConfig;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gridata customer360 --as-of DATE}: recomputes {@code <catalog>.analytics.customer_360}
 * from the catalog's customers, orders and clickstream tables as of the end of DATE (UTC), behind
 * the shipped {@code customer360} quality suite. Exit codes: 0 published, 3 the quality gate
 * refused the rows (the table is unchanged), 2 usage or configuration error, 1 any other failure.
 */
@Command(
    name = "customer360",
    mixinStandardHelpOptions = true,
    description =
        "Recompute the Customer 360 table as of a date from the customers, orders and clickstream"
            + " tables, behind its quality suite; replaces the table's content in one commit.")
final class Customer360Command implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CatalogOptions catalogOptions;

  @Option(
      names = "--as-of",
      required = true,
      paramLabel = "YYYY-MM-DD",
      description = "The as-of date: orders and events up to the end of this UTC day count.")
  String asOf;

  @Mixin LineageOptions lineageOptions;

  @Option(names = "--no-quality", description = "Publish without the quality gate.")
  boolean noQuality;

  @Override
  public Integer call() {
    lineageOptions.check();
    LocalDate date;
    try {
      date = LocalDate.parse(asOf);
    } catch (DateTimeParseException e) {
      throw new ParameterException(
          spec.commandLine(), "--as-of " + asOf + ": not a date, use YYYY-MM-DD");
    }
    CatalogConfig catalog = catalogOptions.resolve();
    SparkSession spark = LocalSpark.session("gridata-customer360", catalog);
    Customer360Pipeline.Builder builder =
        Customer360Pipeline.builder(spark, catalog.name())
            .console(spec.commandLine().getOut(), spec.commandLine().getErr());
    if (noQuality) {
      builder.withoutQualityGate();
    }
    lineageOptions.sink().ifPresent(builder::lineage);
    builder.lineageIdentity(lineageOptions.identity(Customer360Lineage.DEFAULT_IDENTITY));
    Customer360Pipeline run = builder.build();
    for (String input :
        new String[] {
          run.tables().customers(), run.tables().orders(), run.tables().clickstream()
        }) {
      if (!spark.catalog().tableExists(input)) {
        throw new ParameterException(
            spec.commandLine(),
            input
                + " does not exist: ingest customers, orders and clickstream first"
                + " (gridata ingest --dataset ecommerce.<name>)");
      }
    }
    return run.run(date).refused() ? IngestCommand.EXIT_QUALITY_FAILED : 0;
  }
}
