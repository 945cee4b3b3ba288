package io.gridata.spark.read;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.gridata.core.rawzone.FileFormat;
import io.gridata.core.rawzone.LandedFile;
import io.gridata.core.rawzone.RawKey;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.rawzone.RawZoneConfig;
import io.gridata.spark.ingest.IngestJob;
import io.gridata.spark.orders.OrdersSpec;
import io.gridata.spark.transform.IngestTransforms;
import io.gridata.testkit.spark.SparkSessions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RawReader} on files of a local raw zone handed over as {@link IngestJob#sparkPath}:
 * RFC-4180 CSV read record by record, odd file names found and joined to their checksums.
 */
class RawReaderTest {
  private static final List<String> HEADER =
      List.of("order_id", "customer_id", "order_timestamp", "payment_method", "channel");
  private static final RawPartition DAY =
      RawPartition.of("ecommerce", "orders", LocalDate.of(2026, 12, 3));

  /** Quoted commas, doubled quotes, LF and CRLF inside quotes, CRLF record ends. */
  private static final String RFC4180 =
      String.join(",", HEADER)
          + "\r\n"
          + "O-1,C-1,2026-12-03 10:00:00,\"visa, gold\",\"P \"\"quoted\"\"\"\r\n"
          + "O-2,C-2,2026-12-03 10:00:00,\"line1\nline2\",\"web\r\nshop\"\r\n"
          + "O-3,C-3,2026-12-03 10:00:00,visa,\"\"\"web\"\"\"\r\n";

  @TempDir static Path root;
  private static RawZone zone;
  private static SparkSession spark;

  @BeforeAll
  static void open() {
    zone = RawZone.open(RawZoneConfig.local(root).build());
    spark = SparkSessions.shared();
  }

  @AfterAll
  static void close() {
    zone.close();
  }

  private static RawInput land(String fileName, FileFormat format, String content) {
    return land(fileName, format, content.getBytes(StandardCharsets.UTF_8));
  }

  private static RawInput land(String fileName, FileFormat format, byte[] content) {
    RawKey key = DAY.file(fileName);
    LandedFile landed = zone.land(key, new ByteArrayInputStream(content));
    return new RawInput(
        IngestJob.sparkPath(zone.uri(key.path())),
        format,
        format == FileFormat.CSV ? HEADER : List.of(),
        landed.sha256());
  }

  private static Map<String, Row> byOrderId(List<Row> rows) {
    Map<String, Row> out = new HashMap<>();
    rows.forEach(r -> out.put(r.getAs("order_id"), r));
    return out;
  }

  @Test
  void rfc4180CsvIsReadRecordByRecordWithItsValuesExact() {
    RawInput csv = land("rfc4180.csv", FileFormat.CSV, RFC4180);

    List<Row> rows = new RawReader(spark, OrdersSpec.CONTRACT).read(List.of(csv)).collectAsList();

    assertRfc4180Records(rows, csv);
  }

  @Test
  void rfc4180CsvIsReadTheSameWayGzipped() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(RFC4180.getBytes(StandardCharsets.UTF_8));
    }
    RawInput csv = land("rfc4180.csv.gz", FileFormat.CSV, gz.toByteArray());

    List<Row> rows = new RawReader(spark, OrdersSpec.CONTRACT).read(List.of(csv)).collectAsList();

    assertRfc4180Records(rows, csv);
  }

  private static void assertRfc4180Records(List<Row> rows, RawInput csv) {
    assertThat(rows).hasSize(3);
    Map<String, Row> byId = byOrderId(rows);
    assertThat(byId).containsOnlyKeys("O-1", "O-2", "O-3");
    assertThat(byId.get("O-1").<String>getAs("payment_method")).isEqualTo("visa, gold");
    assertThat(byId.get("O-1").<String>getAs("channel")).isEqualTo("P \"quoted\"");
    assertThat(byId.get("O-2").<String>getAs("payment_method")).isEqualTo("line1\nline2");
    assertThat(byId.get("O-2").<String>getAs("channel")).isEqualTo("web\r\nshop");
    assertThat(byId.get("O-3").<String>getAs("channel")).isEqualTo("\"web\"");
    assertThat(byId.get("O-3").<String>getAs("customer_id")).isEqualTo("C-3");
    for (Row row : rows) {
      assertThat(row.<String>getAs("_corrupt_record")).isNull();
      assertThat(row.<String>getAs("_source_checksum")).isEqualTo(csv.sha256());
    }
  }

  @Test
  void aMalformedRecordKeepsItsTextAndTheRestOfTheFileIsRead() {
    RawInput json =
        land(
            "malformed.jsonl",
            FileFormat.JSON_LINES,
            "{\"order_id\":\"J-1\"}\n{\"order_id\": oops}\n{\"order_id\":\"J-3\"}\n");
    RawInput csv =
        land(
            "too-many-fields.csv",
            FileFormat.CSV,
            String.join(",", HEADER)
                + "\n"
                + "O-1,C-1,2026-12-03 10:00:00,visa,web\n"
                + "O-2,C-2,2026-12-03 10:00:00,visa,web,extra\n"
                + "O-3,C-3,2026-12-03 10:00:00,visa,web\n");

    List<Row> rows =
        new RawReader(spark, OrdersSpec.CONTRACT).read(List.of(json, csv)).collectAsList();

    assertThat(rows).hasSize(6);
    List<String> corrupt =
        rows.stream()
            .map(r -> r.<String>getAs("_corrupt_record"))
            .filter(java.util.Objects::nonNull)
            .toList();
    assertThat(corrupt)
        .containsExactlyInAnyOrder(
            "{\"order_id\": oops}", "O-2,C-2,2026-12-03 10:00:00,visa,web,extra");
    assertThat(rows)
        .extracting(r -> r.<String>getAs("order_id"))
        .contains("J-1", "J-3", "O-1", "O-3");
  }

  @Test
  void aUtf8ByteOrderMarkIsNotPartOfTheFirstValue() {
    RawInput csv =
        land(
            "bom.csv",
            FileFormat.CSV,
            "\uFEFF" + String.join(",", HEADER) + "\r\nO-1,C-1,2026-12-03 10:00:00,visa,web\r\n");
    RawInput json = land("bom.jsonl", FileFormat.JSON_LINES, "\uFEFF{\"order_id\":\"J-1\"}\n");

    List<Row> rows =
        new RawReader(spark, OrdersSpec.CONTRACT).read(List.of(csv, json)).collectAsList();

    assertThat(rows)
        .extracting(r -> r.<String>getAs("order_id"), r -> r.<String>getAs("_corrupt_record"))
        .containsExactlyInAnyOrder(tuple("O-1", null), tuple("J-1", null));
  }

  @Test
  void parquetInstantsKeepTheirInstantWhateverTheSessionTimeZone() throws IOException {
    Path written = root.resolve("parquet-source");
    spark
        .sql(
            "SELECT 'P-1' AS order_id, 'C-1' AS customer_id,"
                + " TIMESTAMP '2026-12-03T10:00:00.123456Z' AS order_timestamp, 3L AS quantity")
        .coalesce(1)
        .write()
        .parquet(written.toString());
    Path part;
    try (Stream<Path> files = Files.list(written)) {
      part = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    RawInput parquet = land("[p] 10:00.parquet", FileFormat.PARQUET, Files.readAllBytes(part));
    String zoneBefore = spark.conf().get("spark.sql.session.timeZone");
    spark.conf().set("spark.sql.session.timeZone", "America/Los_Angeles");
    try {
      Row row =
          new RawReader(spark, OrdersSpec.CONTRACT)
              .read(List.of(parquet))
              .select(
                  col("order_timestamp"),
                  col("quantity"),
                  IngestTransforms.parseTimestamp(col("order_timestamp")).as("ts"))
              .first();

      assertThat(row.getTimestamp(2).toInstant())
          .as(row.getString(0))
          .isEqualTo(Instant.parse("2026-12-03T10:00:00.123456Z"));
      assertThat(row.getString(1)).isEqualTo("3");
    } finally {
      spark.conf().set("spark.sql.session.timeZone", zoneBefore);
    }
  }

  @Test
  void oddFileNamesAreFoundAndEachRowCarriesItsFilesChecksumAndLocation() {
    List<String> names =
        List.of(
            "a b.csv",
            "café.csv",
            "50%.csv",
            "x#1.csv",
            "a<b>.csv",
            "[v1] {x}.csv",
            "orders-2026-12-03T10:00:00.csv");
    List<RawInput> inputs = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      inputs.add(
          land(
              names.get(i),
              FileFormat.CSV,
              String.join(",", HEADER) + "\nO-" + i + ",C-1,2026-12-03 10:00:00,visa,web\n"));
    }
    inputs.add(
        land(
            "d é#%.jsonl",
            FileFormat.JSON_LINES, "{\"order_id\":\"O-J\",\"customer_id\":\"C-1\"}\n"));

    List<Row> rows = new RawReader(spark, OrdersSpec.CONTRACT).read(inputs).collectAsList();

    assertThat(rows).hasSize(inputs.size());
    Map<String, Row> byId = byOrderId(rows);
    for (int i = 0; i < inputs.size(); i++) {
      String id = i < names.size() ? "O-" + i : "O-J";
      assertThat(byId.get(id).<String>getAs("_source_checksum"))
          .as(id)
          .isEqualTo(inputs.get(i).sha256());
      assertThat(byId.get(id).<String>getAs("_source_file")).isEqualTo(inputs.get(i).uri());
    }
    assertThat(inputs.get(0).uri()).endsWith("/a b.csv");
  }
}
