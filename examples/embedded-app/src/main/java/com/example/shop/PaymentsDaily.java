package com.example.shop;

import static io.gridata.quality.Checks.hasSize;
import static io.gridata.quality.Checks.satisfies;

import com.example.shop.payments.PaymentsSpec;
import io.gridata.core.rawzone.RawKey;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.run.RunId;
import io.gridata.lineage.LineageSink;
import io.gridata.pipeline.IngestPipeline;
import io.gridata.quality.IcebergMetricHistory;
import io.gridata.quality.QualitySuite;
import io.gridata.spark.config.CatalogConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/**
 * The shop's daily payments job, a dataset of the shop's own ({@link PaymentsSpec}) through
 * Gridata's pipeline: validate, quarantine with reasons, the shop's quality gate, Iceberg publish,
 * lineage to a file. Lands a day's export in a local raw zone, runs the day, then runs it again
 * with the same run id as a scheduler's retry would. Exits 0 only when the first run published the
 * two valid payments (four quarantined, one duplicate dropped) and the retry wrote nothing.
 *
 * <p>Usage: {@code PaymentsDaily <work dir> [YYYY-MM-DD]}
 */
public final class PaymentsDaily {
  /** The Spark catalog of the tables and of the quality history. */
  public static final String CATALOG = "gridata";

  /** The table the job loads by default. */
  public static final String TABLE = CATALOG + ".shop.payments";

  /** Above this a single card payment cannot be: the provider caps it there. */
  public static final int MAX_AMOUNT = 5_000;

  private PaymentsDaily() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "target/work").toAbsolutePath();
    LocalDate day = LocalDate.parse(args.length > 1 ? args[1] : "2026-11-02");

    CatalogConfig catalog = CatalogConfig.embedded(work.resolve("warehouse"));
    SparkSession spark =
        catalog
            .configure(SparkSession.builder().appName("shop-payments-daily").master("local[2]"))
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    catalog.register(spark);

    int status;
    try (RawZone zone = RawZone.open(work.resolve("raw-zone").toUri().toString())) {
      land(zone, day, "payments-export.csv", export(day));
      IngestPipeline pipeline = pipeline(spark, zone, TABLE, work.resolve("lineage.json"));

      boolean ok = DayAndRetry.run(spark, pipeline, partition(day), runId(day), TABLE, 2, 4);
      status = ok ? 0 : 1;
    } finally {
      spark.stop();
    }
    System.exit(status);
  }

  /**
   * The payments pipeline: {@link PaymentsSpec}, behind {@link #suite()} (history in {@code
   * gridata.quality.results}), lineage appended to {@code lineageFile}. Files are taken once their
   * {@code .sha256} sidecar is there ({@link #land} writes it with the file), or after Gridata's
   * default settle time.
   *
   * @param table the target table, {@code gridata.<namespace>.<name>}
   */
  public static IngestPipeline pipeline(
      SparkSession spark, RawZone zone, String table, Path lineageFile) {
    return IngestPipeline.builder(spark, zone, new PaymentsSpec())
        .table(table)
        .qualityGate(suite(), IcebergMetricHistory.tableInCatalog(CATALOG))
        .lineage(() -> LineageSink.file(lineageFile))
        .build();
  }

  /**
   * The shop's gate for a day of payments. {@code amount_within_limit} is the shop's own rule: no
   * card payment exceeds {@value #MAX_AMOUNT}, so a larger amount means an export gone wrong (cents
   * sent as euros): an error rule, so one such row keeps the whole day off {@code main}.
   */
  public static QualitySuite suite() {
    return QualitySuite.builder("shop_payments")
        .keyColumns(PaymentsSpec.PAYMENT_ID)
        .add(hasSize().atLeast(1))
        .add(satisfies("amount <= " + MAX_AMOUNT).named("amount_within_limit"))
        .build();
  }

  /** The raw-zone day of payments. */
  public static RawPartition partition(LocalDate day) {
    return RawPartition.of(PaymentsSpec.DOMAIN, PaymentsSpec.DATASET, day);
  }

  /** The scheduler's run id of a day: the same on a retry. */
  public static RunId runId(LocalDate day) {
    return RunId.of("shop-payments-" + day);
  }

  /**
   * Lands {@code csv} as {@code fileName} in the day's folder: written whole under a hidden name,
   * then renamed, its {@code .sha256} sidecar last, so the job never reads a partial file.
   */
  public static void land(RawZone zone, LocalDate day, String fileName, String csv) {
    zone.land(
        RawKey.of(PaymentsSpec.DOMAIN, PaymentsSpec.DATASET, day, fileName),
        new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A day's export: seven lines, two valid payments ({@code pay-1} in EUR, {@code pay-2} in USD,
   * written lower case), {@code pay-2} once more with an earlier time (the duplicate dropped), and
   * four bad rows: a negative amount, an unknown currency, a missing payment id, and a missing
   * order id with an amount that is not a number.
   */
  public static String export(LocalDate day) {
    return "payment_id,order_id,amount,currency,paid_at\n"
        + ("pay-1,o-1,19.99,EUR," + day + "T09:15:00Z\n")
        + ("pay-2,o-2,5.00,usd," + day + " 10:00:00\n")
        + ("pay-2,o-2,5.00,usd," + day + " 09:59:00\n")
        + ("pay-3,o-3,-4.50,EUR," + day + "T11:00:00Z\n")
        + ("pay-4,o-4,12.00,XYZ," + day + "T12:00:00Z\n")
        + (",o-5,7.00,EUR," + day + "T13:00:00Z\n")
        + ("pay-6,,ten,EUR," + day + "T14:00:00Z\n");
  }
}
