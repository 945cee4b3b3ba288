package io.gridata.samples.demo;

import io.gridata.testkit.data.DropManifest;
import io.gridata.testkit.data.FileDefect;
import io.gridata.testkit.data.FileFormat;
import io.gridata.testkit.data.FileSpec;
import io.gridata.testkit.data.RawDataGenerator;
import io.gridata.testkit.data.RawDataset;
import io.gridata.testkit.data.RawTarget;
import io.gridata.testkit.data.RowDefect;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's raw drops: for each day one CSV, one JSON-lines and one Parquet file of orders with a
 * few bad rows, and one file that must be rejected whole (a different defect each day); the
 * customers (all of them on the first day, some updated later) and a day of clickstream events.
 */
public final class DemoDrops {
  private static final List<FileDefect> BAD_FILES =
      List.of(
          FileDefect.WRONG_HEADER,
          FileDefect.CHECKSUM_MISMATCH,
          FileDefect.EMPTY_FILE,
          FileDefect.CORRUPT_PARQUET);

  private DemoDrops() {}

  /**
   * Writes the drop of {@code day} (the {@code index}-th demo day) under {@code root}: about {@code
   * orders} rows in three good files plus one bad file, customers and clicks. Orders come from
   * {@link #customerPool} customers. The drop manifest lands in {@code root/manifests/}.
   */
  public static DropManifest write(Path root, LocalDate day, int index, int orders, long seed) {
    int perFile = Math.max(10, orders / 3);
    int defects = Math.max(1, perFile / 50);
    List<FileSpec> specs = new ArrayList<>();
    specs.add(
        FileSpec.builder(RawDataset.ORDERS, day)
            .format(FileFormat.CSV)
            .rows(perFile)
            .fileName("orders-web.csv")
            .rowDefect(RowDefect.BAD_TIMESTAMP, defects)
            .rowDefect(RowDefect.DUPLICATE_ORDER_ID, defects)
            .build());
    specs.add(
        FileSpec.builder(RawDataset.ORDERS, day)
            .format(FileFormat.JSON)
            .rows(perFile)
            .fileName("orders-mobile.json")
            .rowDefect(RowDefect.NEGATIVE_QUANTITY, defects)
            .rowDefect(RowDefect.NULL_REQUIRED_FIELD, defects)
            .build());
    specs.add(
        FileSpec.builder(RawDataset.ORDERS, day)
            .format(FileFormat.PARQUET)
            .rows(perFile)
            .fileName("orders-store.parquet")
            .rowDefect(RowDefect.NEGATIVE_PRICE, defects)
            .build());
    FileDefect bad = BAD_FILES.get(index % BAD_FILES.size());
    FileFormat badFormat = bad == FileDefect.CORRUPT_PARQUET ? FileFormat.PARQUET : FileFormat.CSV;
    specs.add(
        FileSpec.builder(RawDataset.ORDERS, day)
            .format(badFormat)
            .rows(10)
            .fileName("orders-partner." + badFormat.extension())
            .fileDefect(bad)
            .build());
    int customers = customerPool(orders);
    specs.add(
        FileSpec.builder(RawDataset.CUSTOMERS, day)
            .format(FileFormat.CSV)
            .rows(index == 0 ? customers : Math.max(1, customers / 10))
            .fileName("customers.csv")
            .rowDefect(RowDefect.BAD_TIMESTAMP, 1)
            .build());
    specs.add(
        FileSpec.builder(RawDataset.CLICKSTREAM, day)
            .format(FileFormat.JSON)
            .rows(orders * 2)
            .fileName("clicks.json")
            .rowDefect(RowDefect.BAD_TIMESTAMP, defects)
            .build());
    return RawDataGenerator.withSeed(seed + index)
        .withCustomerPool(customers)
        .writeDrop(RawTarget.localDirectory(root), "demo-" + day, specs);
  }

  /** How many customers the orders and clicks of a demo with {@code orders} a day come from. */
  public static int customerPool(int orders) {
    return Math.max(RawDataGenerator.DEFAULT_CUSTOMER_POOL, orders / 3);
  }
}
