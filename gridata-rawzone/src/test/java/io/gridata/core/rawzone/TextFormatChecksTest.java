package io.gridata.core.rawzone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text checks of {@link FileValidator} over the whole file, not only its leading records:
 * UTF-8, RFC-4180 CSV structure (quoted commas, doubled quotes, line breaks inside quotes, CRLF),
 * and JSON lines whose malformed lines go to quarantine instead of rejecting the file.
 */
class TextFormatChecksTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-03T08:00:00Z"), ZoneOffset.UTC);
  private static final AtomicInteger DAYS = new AtomicInteger();
  private static final String HEADER = "order_id,customer_id,order_timestamp,payment_method\r\n";

  @TempDir static Path root;
  private static RawZone zone;

  @BeforeAll
  static void open() {
    zone = RawZone.open(RawZoneConfig.local(root).build());
  }

  @AfterAll
  static void close() {
    zone.close();
  }

  private static RawKey land(String fileName, byte[] content) {
    RawKey key =
        RawPartition.of(
                "ecommerce", "orders", LocalDate.of(2026, 1, 1).plusDays(DAYS.incrementAndGet()))
            .file(fileName);
    zone.land(key, new ByteArrayInputStream(content));
    return key;
  }

  private static FileValidator validator() {
    return new FileValidator(
        zone, ValidationOptions.defaults().withContract(OrdersContract.orders()), CLOCK);
  }

  private static byte[] concat(String before, byte[] middle, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(middle);
    out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String goodCsvRows(int from, int count) {
    StringBuilder rows = new StringBuilder();
    for (int i = from; i < from + count; i++) {
      rows.append("O-").append(i).append(",C-1,2026-11-02 10:00:00,visa\r\n");
    }
    return rows.toString();
  }

  @Test
  void aNonUtf8ByteAfterTheSampledRecordsRejectsTheFileNamingWhereItIs() {
    // 150 good records, then Latin-1 'é' (0xE9) in record 151, i.e. line 152
    byte[] csv =
        concat(
            HEADER + goodCsvRows(1, 150) + "O-151,C-1,2026-11-02 10:00:00,caf",
            new byte[] {(byte) 0xE9},
            "\r\n" + goodCsvRows(152, 3));
    StringBuilder json = new StringBuilder();
    for (int i = 1; i <= 150; i++) {
      json.append("{\"order_id\":\"O-")
          .append(i)
          .append("\",\"customer_id\":\"C-1\",")
          .append("\"order_timestamp\":\"2026-11-02 10:00:00\"}\n");
    }
    byte[] jsonl =
        concat(
            json + "{\"order_id\":\"O-151\",\"customer_id\":\"caf",
            new byte[] {(byte) 0xE9},
            "\",\"order_timestamp\":\"2026-11-02 10:00:00\"}\n");

    for (RawKey key :
        new RawKey[] {
          land("latin1.csv", csv), land("latin1.csv.gz", gzip(csv)), land("latin1.jsonl", jsonl)
        }) {
      FileValidator.Verdict verdict = validator().validateOrReject(key, "run-enc");

      assertThat(verdict.accepted()).as(key.fileName()).isFalse();
      CheckResult failure = verdict.report().failures().get(0);
      assertThat(failure.check()).isEqualTo(Check.FORMAT);
      assertThat(failure.message())
          .as(key.fileName())
          .contains("not UTF-8")
          .contains("line " + (key.fileName().endsWith(".jsonl") ? 151 : 152))
          .contains("0xE9")
          .contains("re-export");
      assertThat(zone.rejected(key)).isPresent();
    }
  }

  @Test
  void rfc4180CsvWithQuotedCommasDoubledQuotesAndLineBreaksPassesWithItsRecordsCounted() {
    String csv =
        HEADER
            + "O-1,C-1,2026-11-02 10:00:00,\"visa, gold\"\r\n"
            + "O-2,C-2,2026-11-02 10:00:00,\"P \"\"quoted\"\"\"\r\n"
            + "O-3,C-3,2026-11-02 10:00:00,\"web\r\nshop\nline\"\r\n";
    RawKey key = land("rfc4180.csv", csv.getBytes(StandardCharsets.UTF_8));

    ValidationReport report = validator().validate(key);

    assertThat(report.passed()).as(report.summary()).isTrue();
    assertThat(report.result(Check.FORMAT).orElseThrow().message())
        .contains("3 leading records parsed");
    assertThat(report.sha256()).contains(Fixtures.sha256(csv.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anUnterminatedQuoteAfterTheSampleRejectsTheFileInsteadOfSwallowingTheRest() {
    String csv =
        HEADER
            + goodCsvRows(1, 120)
            + "O-121,C-1,2026-11-02 10:00:00,\"visa\r\n"
            + goodCsvRows(122, 5);
    RawKey key = land("unterminated.csv", csv.getBytes(StandardCharsets.UTF_8));

    ValidationReport report = validator().validate(key);

    assertThat(report.passed()).isFalse();
    assertThat(report.failures().get(0).message())
        .contains("unterminated quoted field")
        .contains("line 122");
  }

  @Test
  void bareCarriageReturnLineEndsAreRejectedWithWhatToDo() {
    String csv = HEADER.replace("\r\n", "\r") + goodCsvRows(1, 3).replace("\r\n", "\r");
    RawKey key = land("classic-mac.csv", csv.getBytes(StandardCharsets.UTF_8));

    ValidationReport report = validator().validate(key);

    assertThat(report.passed()).isFalse();
    assertThat(report.failures().get(0).message()).contains("carriage return").contains("LF");
  }

  @Test
  void malformedJsonLinesPassWithAWarningAndGoToQuarantineButAFileOfNoObjectsIsRejected() {
    String good =
        "{\"order_id\":\"O-1\",\"customer_id\":\"C-1\",\"order_timestamp\":\"2026-11-02 10:00:00\"}\n";
    String mixed = good + "{\"order_id\":\"O-2\", broken\n" + "42\n" + good.replace("O-1", "O-3");
    RawKey some = land("some-bad.jsonl", mixed.getBytes(StandardCharsets.UTF_8));
    RawKey none =
        land("none-good.jsonl", "{\"order_id\":\n{oops\n".getBytes(StandardCharsets.UTF_8));

    ValidationReport report = validator().validate(some);
    ValidationReport rejected = validator().validate(none);

    assertThat(report.passed()).as(report.summary()).isTrue();
    CheckResult format = report.result(Check.FORMAT).orElseThrow();
    assertThat(format.status()).isEqualTo(CheckStatus.WARNED);
    assertThat(format.message()).contains("2 of 4").contains("lines 2, 3").contains("quarantine");
    assertThat(report.result(Check.SCHEMA).orElseThrow().ok()).isTrue();
    assertThat(rejected.passed()).isFalse();
    assertThat(rejected.failures().get(0).message()).contains("no line").contains("JSON object");
  }
}
