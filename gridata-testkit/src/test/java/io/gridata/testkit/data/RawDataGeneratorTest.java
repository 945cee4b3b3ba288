package io.gridata.testkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RawDataGeneratorTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 1);

  private static FileSpec ordersWithAllRowDefects(FileFormat format) {
    return FileSpec.builder(RawDataset.ORDERS, DAY)
        .format(format)
        .rows(120)
        .rowDefect(RowDefect.BAD_TIMESTAMP, 4)
        .rowDefect(RowDefect.NEGATIVE_QUANTITY, 3)
        .rowDefect(RowDefect.NEGATIVE_PRICE, 2)
        .rowDefect(RowDefect.NULL_REQUIRED_FIELD, 5)
        .rowDefect(RowDefect.DUPLICATE_ORDER_ID, 6)
        .build();
  }

  @ParameterizedTest
  @EnumSource(FileFormat.class)
  void sameSeedAndSpecGiveByteIdenticalFiles(FileFormat format) {
    for (RawDataset dataset : RawDataset.values()) {
      FileSpec spec = FileSpec.builder(dataset, DAY).format(format).rows(80).build();
      GeneratedFile first = RawDataGenerator.withSeed(7).generate(spec);
      GeneratedFile second = RawDataGenerator.withSeed(7).generate(spec);
      assertThat(second.content()).isEqualTo(first.content());
      assertThat(second.sidecar()).isEqualTo(first.sidecar());
      assertThat(second.manifest()).isEqualTo(first.manifest());
    }
    FileSpec defective = ordersWithAllRowDefects(format);
    assertThat(RawDataGenerator.withSeed(7).generate(defective).content())
        .isEqualTo(RawDataGenerator.withSeed(7).generate(defective).content());
  }

  @ParameterizedTest
  @EnumSource(FileFormat.class)
  void differentSeedsGiveDifferentFiles(FileFormat format) {
    FileSpec spec = ordersWithAllRowDefects(format);
    GeneratedFile a = RawDataGenerator.withSeed(1).generate(spec);
    GeneratedFile b = RawDataGenerator.withSeed(2).generate(spec);
    assertThat(a.content()).isNotEqualTo(b.content());
    assertThat(a.manifest().sha256()).isNotEqualTo(b.manifest().sha256());
  }

  @Test
  void aFileDoesNotDependOnTheOtherFilesOfTheDrop(@TempDir Path dir) throws IOException {
    RawDataGenerator generator = RawDataGenerator.withSeed(3);
    DropPlan plan = DropPlan.builder(DAY).days(2).rowDefect(RowDefect.BAD_TIMESTAMP, 3).build();
    DropManifest drop = generator.writeDrop(RawTarget.localDirectory(dir), plan);
    FileSpec last = plan.files(generator.customerPool()).get(plan.files(50).size() - 1);
    assertThat(Files.readAllBytes(dir.resolve(last.key())))
        .isEqualTo(generator.generate(last).content());
    assertThat(drop.file(last.key())).isEqualTo(generator.generate(last).manifest());
  }

  @Test
  void sameDropPlanWritesIdenticalTrees(@TempDir Path a, @TempDir Path b) throws IOException {
    DropPlan plan =
        DropPlan.builder(DAY)
            .days(2)
            .rowDefect(RowDefect.NEGATIVE_PRICE, 2)
            .fileDefect(FileDefect.CORRUPT_PARQUET, 1)
            .build();
    RawDataGenerator.withSeed(11).writeDrop(RawTarget.localDirectory(a), plan);
    RawDataGenerator.withSeed(11).writeDrop(RawTarget.localDirectory(b), plan);
    List<Path> filesA = listFiles(a);
    assertThat(filesA).hasSize(listFiles(b).size()).isNotEmpty();
    for (Path relative : filesA) {
      assertThat(Files.readAllBytes(b.resolve(relative)))
          .as("%s", relative)
          .isEqualTo(Files.readAllBytes(a.resolve(relative)));
    }
  }

  @Test
  void sidecarIsSha256sumLineOfTheFile() throws Exception {
    GeneratedFile file =
        RawDataGenerator.withSeed(5).generate(FileSpec.builder(RawDataset.ORDERS, DAY).build());
    String hex = sha256(file.content());
    assertThat(file.sidecarText()).isEqualTo(hex + "  orders-20261101-001.csv\n");
    assertThat(file.manifest().sha256()).isEqualTo(hex);
    assertThat(hex).matches("[0-9a-f]{64}");
  }

  @Test
  void checksumMismatchSidecarNamesAnotherDigest() throws Exception {
    GeneratedFile file =
        RawDataGenerator.withSeed(5)
            .generate(
                FileSpec.builder(RawDataset.ORDERS, DAY)
                    .fileDefect(FileDefect.CHECKSUM_MISMATCH)
                    .build());
    String actual = sha256(file.content());
    String claimed = file.sidecarText().substring(0, 64);
    assertThat(claimed).matches("[0-9a-f]{64}").isNotEqualTo(actual);
    assertThat(file.manifest().sha256()).isEqualTo(actual);
    assertThat(file.manifest().rejected()).isTrue();
    assertThat(file.manifest().recordCount()).isEqualTo(100);
    assertThat(file.manifest().expectedCleanRows()).isZero();
  }

  @Test
  void ordersMixTimestampFormatsStatusCasesAndNullDefaults() {
    GeneratedFile file =
        RawDataGenerator.withSeed(9)
            .generate(FileSpec.builder(RawDataset.ORDERS, DAY).rows(300).build());
    List<String[]> rows = csvRows(file);
    List<String> timestamps = rows.stream().map(r -> r[2]).toList();
    assertThat(timestamps).anyMatch(t -> t.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
    assertThat(timestamps)
        .anyMatch(t -> t.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d"));
    assertThat(timestamps).anyMatch(t -> t.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
    assertThat(timestamps).anyMatch(t -> t.matches("\\d{13}"));
    for (String ts : timestamps) {
      Instant instant = RowGenerator.parseGenerated(ts);
      assertThat(instant)
          .isBetween(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-01T23:59:59Z"));
    }
    List<String> statuses = rows.stream().map(r -> r[3]).toList();
    assertThat(statuses).contains("PAID", "paid", "Paid");
    for (int column = 7; column <= 12; column++) {
      int c = column;
      assertThat(rows).as("nulls in column %d", c).anyMatch(r -> r[c].isEmpty());
      assertThat(rows).as("values in column %d", c).anyMatch(r -> !r[c].isEmpty());
    }
  }

  @Test
  void duplicatesCopyACleanOrderWithALaterTimestamp() {
    GeneratedFile file =
        RawDataGenerator.withSeed(21).generate(ordersWithAllRowDefects(FileFormat.CSV));
    List<String[]> rows = csvRows(file);
    InjectedDefect duplicates = file.manifest().rowDefect(RowDefect.DUPLICATE_ORDER_ID).get();
    assertThat(duplicates.count()).isEqualTo(6);
    for (int k = 0; k < duplicates.count(); k++) {
      String id = duplicates.ids().get(k);
      String[] copy = rows.get(duplicates.recordIndexes().get(k));
      List<String[]> sameId = rows.stream().filter(r -> id.equals(r[0])).toList();
      assertThat(sameId).hasSize(2);
      String[] original = sameId.get(0) == copy ? sameId.get(1) : sameId.get(0);
      assertThat(copy[0]).isEqualTo(id);
      assertThat(RowGenerator.parseGenerated(copy[2]))
          .isAfter(RowGenerator.parseGenerated(original[2]));
      assertThat(copy[1]).isEqualTo(original[1]);
      assertThat(copy[4]).isEqualTo(original[4]);
    }
  }

  @Test
  void manifestCountsAddUpAndDefectedRowsAreDisjoint() {
    FileManifest m =
        RawDataGenerator.withSeed(4).generate(ordersWithAllRowDefects(FileFormat.JSON)).manifest();
    assertThat(m.recordCount()).isEqualTo(126);
    assertThat(m.expectedDuplicates()).isEqualTo(6);
    assertThat(m.expectedQuarantinedRows()).isEqualTo(14);
    assertThat(m.expectedCleanRows()).isEqualTo(106);
    assertThat(m.recordCount())
        .isEqualTo(m.expectedCleanRows() + m.expectedQuarantinedRows() + m.expectedDuplicates());
    assertThat(m.expectedQuarantined())
        .containsEntry(RowDefect.BAD_TIMESTAMP, 4)
        .containsEntry(RowDefect.NEGATIVE_QUANTITY, 3)
        .containsEntry(RowDefect.NEGATIVE_PRICE, 2)
        .containsEntry(RowDefect.NULL_REQUIRED_FIELD, 5)
        .doesNotContainKey(RowDefect.DUPLICATE_ORDER_ID);
    List<Integer> indexes =
        m.rowDefects().stream().flatMap(d -> d.recordIndexes().stream()).toList();
    assertThat(indexes).hasSize(20).doesNotHaveDuplicates().allMatch(i -> i >= 0 && i < 126);
    assertThat(m.rowDefect(RowDefect.NULL_REQUIRED_FIELD).get().ids())
        .containsNull()
        .anyMatch(id -> id != null && id.startsWith("ORD-20261101-"));
  }

  @Test
  void ordersAndClickstreamReferenceOnlyCustomersOfThePool() {
    RawDataGenerator generator = RawDataGenerator.withSeed(8).withCustomerPool(12);
    List<String[]> customers =
        csvRows(generator.generate(FileSpec.builder(RawDataset.CUSTOMERS, DAY).rows(12).build()));
    List<String> ids = customers.stream().map(r -> r[0]).toList();
    assertThat(ids).hasSize(12).doesNotHaveDuplicates().contains("CUST-00001", "CUST-00012");
    List<String[]> orders =
        csvRows(generator.generate(FileSpec.builder(RawDataset.ORDERS, DAY).rows(200).build()));
    assertThat(orders).allMatch(r -> ids.contains(r[1]));
    List<String[]> clicks =
        csvRows(
            generator.generate(FileSpec.builder(RawDataset.CLICKSTREAM, DAY).rows(300).build()));
    assertThat(clicks).hasSize(300).allMatch(r -> r[1].isEmpty() || ids.contains(r[1]));
    assertThat(clicks).anyMatch(r -> r[1].isEmpty()).anyMatch(r -> r[2].isEmpty());
    assertThat(clicks)
        .allMatch(
            r ->
                List.of("page_view", "product_view", "add_to_cart", "checkout", "purchase")
                    .contains(r[4]));
  }

  @Test
  void wrongHeaderRenamesTheIdColumn() {
    GeneratedFile file =
        RawDataGenerator.withSeed(1)
            .generate(
                FileSpec.builder(RawDataset.ORDERS, DAY)
                    .fileDefect(FileDefect.WRONG_HEADER)
                    .build());
    String header = new String(file.content(), StandardCharsets.UTF_8).lines().findFirst().get();
    assertThat(header).startsWith("orderid,customer_id,").doesNotContain("order_id");
    assertThat(file.manifest().fileDefectDetail()).contains("order_id renamed to orderid");
  }

  @Test
  void emptyFileHasZeroBytes() {
    GeneratedFile file =
        RawDataGenerator.withSeed(1)
            .generate(
                FileSpec.builder(RawDataset.CLICKSTREAM, DAY)
                    .format(FileFormat.JSON)
                    .fileDefect(FileDefect.EMPTY_FILE)
                    .build());
    assertThat(file.content()).isEmpty();
    assertThat(file.manifest().recordCount()).isZero();
    assertThat(file.manifest().rejected()).isTrue();
  }

  @Test
  void invalidSpecsAreRejectedWhenBuilt() {
    assertThatThrownBy(
            () ->
                FileSpec.builder(RawDataset.CUSTOMERS, DAY)
                    .rowDefect(RowDefect.NEGATIVE_PRICE, 1)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NEGATIVE_PRICE does not apply to dataset CUSTOMERS");
    assertThatThrownBy(
            () ->
                FileSpec.builder(RawDataset.ORDERS, DAY)
                    .rows(3)
                    .rowDefect(RowDefect.BAD_TIMESTAMP, 2)
                    .rowDefect(RowDefect.DUPLICATE_ORDER_ID, 2)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 defective/duplicated rows requested but only 3 base rows");
    assertThatThrownBy(
            () ->
                FileSpec.builder(RawDataset.ORDERS, DAY)
                    .fileDefect(FileDefect.CORRUPT_PARQUET)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CORRUPT_PARQUET needs format PARQUET, not CSV");
    assertThatThrownBy(
            () ->
                FileSpec.builder(RawDataset.ORDERS, DAY)
                    .fileDefect(FileDefect.EMPTY_FILE)
                    .rowDefect(RowDefect.BAD_TIMESTAMP, 1)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be combined with row defects");
  }

  @Test
  void dropPlanSpreadsDefectsExactlyOverCleanOrdersFiles() {
    DropPlan plan =
        DropPlan.builder(DAY)
            .dropId("d1")
            .days(3)
            .ordersFilesPerDay(4)
            .ordersRowsPerFile(50)
            .rowDefect(RowDefect.BAD_TIMESTAMP, 7)
            .rowDefect(RowDefect.DUPLICATE_ORDER_ID, 5)
            .fileDefect(FileDefect.CORRUPT_PARQUET, 1)
            .fileDefect(FileDefect.WRONG_HEADER, 2)
            .fileDefect(FileDefect.EMPTY_FILE, 1)
            .clickstreamEventsPerDay(40)
            .build();
    List<FileSpec> files = plan.files(30);
    assertThat(files).hasSize(1 + 3 * 4 + 3);
    assertThat(files.get(0).dataset()).isEqualTo(RawDataset.CUSTOMERS);
    assertThat(files.get(0).rows()).isEqualTo(30);
    List<FileSpec> orders = files.stream().filter(f -> f.dataset() == RawDataset.ORDERS).toList();
    assertThat(orders).extracting(FileSpec::format).containsOnly(FileFormat.values());
    assertThat(orders.stream().mapToInt(f -> f.count(RowDefect.BAD_TIMESTAMP)).sum()).isEqualTo(7);
    assertThat(orders.stream().mapToInt(f -> f.count(RowDefect.DUPLICATE_ORDER_ID)).sum())
        .isEqualTo(5);
    assertThat(orders.stream().filter(f -> f.fileDefect() != null)).hasSize(4);
    assertThat(orders)
        .filteredOn(f -> f.fileDefect() == FileDefect.CORRUPT_PARQUET)
        .singleElement()
        .extracting(FileSpec::format)
        .isEqualTo(FileFormat.PARQUET);
    assertThat(orders)
        .filteredOn(f -> f.fileDefect() != null)
        .allMatch(f -> f.rowDefects().isEmpty());
    assertThat(orders.get(0).key())
        .isEqualTo("raw/ecommerce/orders/2026-11-01/orders-20261101-001.csv");
  }

  @Test
  void dropManifestTotalsMatchItsFiles(@TempDir Path dir) throws IOException {
    DropPlan plan =
        DropPlan.builder(DAY)
            .dropId("totals")
            .days(2)
            .ordersRowsPerFile(40)
            .rowDefect(RowDefect.NULL_REQUIRED_FIELD, 5)
            .rowDefect(RowDefect.NEGATIVE_QUANTITY, 4)
            .rowDefect(RowDefect.DUPLICATE_ORDER_ID, 3)
            .fileDefect(FileDefect.CHECKSUM_MISMATCH, 1)
            .build();
    DropManifest drop =
        RawDataGenerator.withSeed(12).writeDrop(RawTarget.localDirectory(dir), plan);
    assertThat(drop.rejectedFiles()).hasSize(1);
    assertThat(drop.expectedDuplicates(RawDataset.ORDERS)).isEqualTo(3);
    assertThat(drop.expectedQuarantined(RawDataset.ORDERS))
        .containsExactlyEntriesOf(
            new java.util.EnumMap<>(
                java.util.Map.of(
                    RowDefect.NEGATIVE_QUANTITY, 4L, RowDefect.NULL_REQUIRED_FIELD, 5L)));
    assertThat(drop.acceptedRecords(RawDataset.ORDERS))
        .isEqualTo(5 * 40 + 3)
        .isEqualTo(
            drop.expectedCleanRows(RawDataset.ORDERS)
                + drop.expectedQuarantinedRows(RawDataset.ORDERS)
                + drop.expectedDuplicates(RawDataset.ORDERS));
    String json = Files.readString(dir.resolve("manifests/ecommerce/totals.json"));
    assertThat(DropManifest.fromJson(json)).isEqualTo(drop);
    assertThat(drop.toJson()).isEqualTo(json);
    assertThat(json).contains("\"expectedQuarantined\"", "\"NULL_REQUIRED_FIELD\"");
    for (FileManifest f : drop.files()) {
      assertThat(dir.resolve(f.key())).isRegularFile();
      assertThat(dir.resolve(f.sidecarKey())).isRegularFile();
    }
  }

  @Test
  void dropPlanFailsWhenDefectsDoNotFit() {
    DropPlan tooManyCorrupt =
        DropPlan.builder(DAY)
            .formats(FileFormat.CSV, FileFormat.JSON)
            .fileDefect(FileDefect.CORRUPT_PARQUET, 1)
            .build();
    assertThatThrownBy(() -> tooManyCorrupt.files(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 more orders files needed for CORRUPT_PARQUET");
    DropPlan tooManyRows =
        DropPlan.builder(DAY).ordersRowsPerFile(2).rowDefect(RowDefect.NEGATIVE_PRICE, 7).build();
    assertThatThrownBy(() -> tooManyRows.files(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NEGATIVE_PRICE x7 do not fit in 3 clean orders files of 2 rows");
  }

  @Test
  void localTargetRefusesKeysThatEscapeItsRoot(@TempDir Path dir) {
    RawTarget target = RawTarget.localDirectory(dir);
    assertThatThrownBy(() -> target.put("../outside.csv", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("escapes the target root");
    target.put("raw/x/y.csv", new byte[] {1});
    assertThat(target.location("raw/x/y.csv")).startsWith("file:").endsWith("/raw/x/y.csv");
  }

  static List<String[]> csvRows(GeneratedFile file) {
    // the generated values hold no quotes except the one landing page with a comma
    return new String(file.content(), StandardCharsets.UTF_8)
        .lines()
        .skip(1)
        .map(line -> line.replace("\"https://shop.example.com/search?q=lamp,desk\"", "SEARCH"))
        .map(line -> line.split(",", -1))
        .toList();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static List<Path> listFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }
}
