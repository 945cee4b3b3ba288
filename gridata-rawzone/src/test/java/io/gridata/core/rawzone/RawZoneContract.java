package io.gridata.core.rawzone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.core.InvalidInputException;
import io.gridata.core.NotFoundException;
import io.gridata.core.contract.DataContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every raw-zone backend must show; run once per backend by the subclasses, so the
 * local file system and S3 are held to the same suite.
 */
abstract class RawZoneContract {
  private static final AtomicInteger DAYS = new AtomicInteger();
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC);

  @TempDir static Path scratch;

  /** The zone under test; multipart threshold and part size at 5 MiB. */
  abstract RawZone zone();

  abstract boolean multipartExpected();

  /** A fresh, empty partition for each test. */
  static RawPartition freshPartition() {
    return RawPartition.of(
        "ecommerce", "orders", LocalDate.of(2026, 1, 1).plusDays(DAYS.incrementAndGet()));
  }

  private LandedFile land(RawKey key, byte[] content) {
    return zone().land(key, new ByteArrayInputStream(content));
  }

  private static byte[] read(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  @Test
  void landsAFileWithItsSha256AndASidecar() throws IOException {
    RawKey key = freshPartition().file("orders-1.csv");
    byte[] content = Fixtures.bytes(Fixtures.ORDERS_CSV);

    LandedFile landed = land(key, content);

    assertThat(landed.size()).isEqualTo(content.length);
    assertThat(landed.sha256()).isEqualTo(Fixtures.sha256(content));
    assertThat(landed.multipart()).isFalse();
    assertThat(read(zone().open(key))).isEqualTo(content);
    assertThat(zone().sidecar(key)).contains(landed.sha256() + "  orders-1.csv");
  }

  @Test
  void landsFromALocalPath() throws IOException {
    RawKey key = freshPartition().file("orders-path.csv");
    Path source = scratch.resolve("orders-path.csv");
    Files.writeString(source, Fixtures.ORDERS_CSV);

    LandedFile landed = zone().land(key, source);

    assertThat(landed.sha256()).isEqualTo(Fixtures.sha256(Files.readAllBytes(source)));
    assertThatThrownBy(() -> zone().land(freshPartition().file("x.csv"), scratch.resolve("nope")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void neverOverwritesALandedFile() {
    RawKey key = freshPartition().file("orders-1.csv");
    land(key, Fixtures.bytes(Fixtures.ORDERS_CSV));

    assertThatThrownBy(() -> land(key, Fixtures.bytes("other")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("already exists");
    assertThat(zone().stat(key).orElseThrow().size()).isEqualTo(Fixtures.ORDERS_CSV.length());
    assertThat(zone().sidecar(key).orElseThrow())
        .startsWith(Fixtures.sha256(Fixtures.bytes(Fixtures.ORDERS_CSV)));
  }

  @Test
  void listsADaysDataFilesWithSizeEtagAndTimeButNotSidecars() {
    RawPartition partition = freshPartition();
    land(partition.file("b.csv"), Fixtures.bytes("a,b\n1,2\n"));
    land(partition.file("a.json"), Fixtures.bytes("{\"a\":1}\n"));
    land(freshPartition().file("other-day.csv"), Fixtures.bytes("a\n1\n"));

    List<RawObject> files = zone().list(partition);

    assertThat(files).extracting(o -> o.key().fileName()).containsExactly("a.json", "b.csv");
    assertThat(files.get(1).size()).isEqualTo(8);
    assertThat(files).allSatisfy(o -> assertThat(o.etag()).isNotBlank());
    assertThat(files).allSatisfy(o -> assertThat(o.lastModified()).isAfter(Instant.EPOCH));
    assertThat(zone().list(freshPartition())).isEmpty();
  }

  @Test
  void landsAFewMegabytesAsAMultipartUploadWithoutChangingABit() throws IOException {
    RawKey key = freshPartition().file("big.parquet");
    byte[] content = new byte[12 * 1024 * 1024 + 123];
    new Random(7).nextBytes(content);

    LandedFile landed = land(key, content);

    assertThat(landed.multipart()).isEqualTo(multipartExpected());
    assertThat(landed.size()).isEqualTo(content.length);
    assertThat(landed.sha256()).isEqualTo(Fixtures.sha256(content));
    assertThat(zone().stat(key).orElseThrow().size()).isEqualTo(content.length);
    assertThat(Arrays.equals(read(zone().open(key)), content)).isTrue();
    assertThat(zone().readRange(key, content.length - 4, 4))
        .isEqualTo(Arrays.copyOfRange(content, content.length - 4, content.length));
  }

  /**
   * The sizes where a one-pass upload can go wrong: exactly the multipart threshold (one PUT), one
   * byte more (a last part of one byte), exactly two parts (the read that ends the upload returns
   * nothing), and seven parts, more than are sent at once (part buffers are reused). The zone's
   * threshold and part size are both 5 MiB.
   */
  @ParameterizedTest
  @MethodSource("boundarySizes")
  void landsEveryByteAndItsShaAtThePartBoundaries(int size, boolean multipartOnS3)
      throws IOException {
    RawKey key = freshPartition().file("boundary-" + size + ".bin");
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);

    LandedFile landed = land(key, content);

    assertThat(landed.multipart()).isEqualTo(multipartExpected() && multipartOnS3);
    assertThat(landed.size()).isEqualTo(size);
    assertThat(landed.sha256()).isEqualTo(Fixtures.sha256(content));
    assertThat(zone().sidecar(key).orElseThrow()).startsWith(Fixtures.sha256(content));
    assertThat(Arrays.equals(read(zone().open(key)), content)).isTrue();
  }

  static Stream<Arguments> boundarySizes() {
    int part = (int) RawZoneConfig.MIN_PART_SIZE;
    return Stream.of(
        Arguments.of(part, false),
        Arguments.of(part + 1, true),
        Arguments.of(2 * part, true),
        Arguments.of(6 * part + 7, true));
  }

  @Test
  void aValidFileOfEachFormatPassesEveryCheck() {
    RawPartition partition = freshPartition();
    land(partition.file("orders.csv"), Fixtures.bytes(Fixtures.ORDERS_CSV));
    land(partition.file("orders.jsonl"), Fixtures.bytes(Fixtures.ORDERS_JSON));
    land(partition.file("orders.parquet"), Fixtures.ordersParquet(scratch, "order_id"));
    FileValidator validator =
        new FileValidator(
            zone(), ValidationOptions.defaults().withContract(OrdersContract.orders()), CLOCK);

    for (RawObject file : zone().list(partition)) {
      FileValidator.Verdict verdict = validator.validateOrReject(file.key(), "run-ok");
      assertThat(verdict.accepted()).as(verdict.report().summary()).isTrue();
      assertThat(verdict.rejected()).isEmpty();
      assertThat(verdict.report().result(Check.CHECKSUM).orElseThrow().status())
          .isEqualTo(CheckStatus.PASSED);
    }
    ValidationReport parquet = validator.validate(partition.file("orders.parquet"));
    assertThat(parquet.columns()).startsWith("order_id", "customer_id", "order_timestamp");
    assertThat(parquet.result(Check.FORMAT).orElseThrow().message()).contains("20 rows");
    assertThat(parquet.result(Check.SCHEMA).orElseThrow().status()).isEqualTo(CheckStatus.WARNED);
    assertThat(parquet.result(Check.SCHEMA).orElseThrow().message()).contains("coupon");
    assertThat(zone().list(partition)).hasSize(3);
  }

  /** A defective file, the check that must fail, and a phrase its message must carry. */
  record Defect(
      String name, String fileName, byte[] content, String sidecar, Check check, String phrase) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> defects() {
    byte[] csv = Fixtures.bytes(Fixtures.ORDERS_CSV);
    byte[] parquet = Fixtures.ordersParquet(scratchOrTemp(), "order_id");
    byte[] truncated = Arrays.copyOf(parquet, parquet.length - 5);
    byte[] badFooter = parquet.clone();
    int footerLength = parquet.length - 8 - 10;
    for (int i = footerLength; i < parquet.length - 8; i++) {
      badFooter[i] = (byte) 0xff;
    }
    byte[] notParquet = Fixtures.bytes("PAR0 this is not a parquet file at all PAR1");
    return Stream.of(
            new Defect("empty file", "empty.csv", new byte[0], null, Check.SIZE, "empty"),
            new Defect(
                "checksum mismatch",
                "orders.csv",
                csv,
                "0".repeat(64) + "  orders.csv\n",
                Check.CHECKSUM,
                "mismatch"),
            new Defect(
                "malformed sidecar",
                "orders.csv",
                csv,
                "not-a-digest\n",
                Check.CHECKSUM,
                "malformed"),
            new Defect(
                "sidecar of another file",
                "orders.csv",
                csv,
                Fixtures.sha256(csv) + "  customers.csv\n",
                Check.CHECKSUM,
                "another file"),
            new Defect(
                "bad magic", "o.parquet", notParquet, null, Check.FORMAT, "magic bytes PAR1"),
            new Defect(
                "truncated parquet", "o.parquet", truncated, null, Check.FORMAT, "truncated"),
            new Defect("corrupt footer", "o.parquet", badFooter, null, Check.FORMAT, "footer"),
            new Defect(
                "blank csv", "o.csv", Fixtures.bytes("\n\n"), null, Check.FORMAT, "no header"),
            new Defect(
                "ragged csv",
                "o.csv",
                Fixtures.bytes("a,b\n1,2\n3\n"),
                null,
                Check.FORMAT,
                "fields"),
            new Defect(
                "duplicate csv header",
                "o.csv",
                Fixtures.bytes("a,A\n1,2\n"),
                null,
                Check.FORMAT,
                "repeats"),
            new Defect(
                "binary csv",
                "o.csv",
                new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3, 0x28},
                null,
                Check.FORMAT,
                "CSV"),
            new Defect(
                "no json object line",
                "o.jsonl",
                Fixtures.bytes("{\"order_id\":\n{\"order_id\"}\n"),
                null,
                Check.FORMAT,
                "line 1 does not parse"),
            new Defect(
                "json array",
                "o.json",
                Fixtures.bytes("[{\"a\":1}]\n"),
                null,
                Check.FORMAT,
                "array"),
            new Defect("unknown format", "o.xlsx", csv, null, Check.FORMAT, "unknown format"),
            new Defect(
                "missing required column",
                "o.csv",
                Fixtures.bytes("orderid,customer_id,order_timestamp\n1,2,3\n"),
                null,
                Check.SCHEMA,
                "order_id"),
            new Defect(
                "parquet missing required column",
                "o.parquet",
                Fixtures.ordersParquet(scratchOrTemp(), "orderid"),
                null,
                Check.SCHEMA,
                "missing required columns [order_id]"))
        .map(Arguments::of);
  }

  private static Path scratchOrTemp() {
    try {
      return Files.createTempDirectory("gridata-fixtures");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defects")
  void everyValidationFailureMovesTheFileToRejectedWithAManifest(Defect defect) throws IOException {
    RawPartition partition = freshPartition();
    RawKey key = partition.file(defect.fileName());
    land(key, defect.content());
    if (defect.sidecar() != null) {
      writeRaw(key.sidecarPath(), defect.sidecar());
    }
    FileValidator validator =
        new FileValidator(
            zone(), ValidationOptions.defaults().withContract(OrdersContract.orders()), CLOCK);

    FileValidator.Verdict verdict = validator.validateOrReject(key, "run-7");

    assertThat(verdict.accepted()).isFalse();
    assertThat(verdict.report().failures())
        .extracting(CheckResult::check)
        .containsExactly(defect.check());
    assertThat(verdict.report().failures().get(0).message()).contains(defect.phrase());
    assertThat(zone().stat(key)).isEmpty();
    assertThat(zone().list(partition)).isEmpty();

    RejectedFile rejected = zone().rejected(key).orElseThrow();
    assertThat(rejected.rejectedPath())
        .isEqualTo("raw/rejected/ecommerce/orders/" + partition.date() + "/" + defect.fileName());
    RejectionManifest manifest = rejected.manifest();
    assertThat(manifest.runId()).isEqualTo("run-7");
    assertThat(manifest.size()).isEqualTo(defect.content().length);
    assertThat(manifest.rejectedAt()).isEqualTo(CLOCK.instant());
    assertThat(manifest.failedChecks())
        .extracting(CheckResult::check)
        .containsExactly(defect.check());
    if (defect.content().length > 0) {
      assertThat(manifest.sha256()).contains(Fixtures.sha256(defect.content()));
    }
    JsonNode json = new ObjectMapper().readTree(readRaw(rejected.manifestPath()));
    assertThat(json.path("file").asText()).isEqualTo(key.path());
    assertThat(json.path("failedChecks").get(0).path("check").asText())
        .isEqualTo(defect.check().id());
    assertThat(json.path("reason").asText()).contains(defect.phrase());
    assertThat(zone().listRejected(partition)).extracting(RejectedFile::key).containsExactly(key);
    assertThat(readRaw(key.rejectedPath())).isEqualTo(defect.content());
  }

  /** Writes {@code text} at the zone-relative {@code path}, bypassing the API. */
  abstract void writeRaw(String path, String text);

  /** Reads the zone-relative {@code path}, bypassing the API. */
  abstract byte[] readRaw(String path);

  /** Deletes the zone-relative {@code path}, bypassing the API. */
  abstract void deleteRaw(String path);

  @Test
  void sizeAboveTheMaximumIsRejectedFromMetadataBeforeAnyRead() {
    RawKey key = freshPartition().file("orders.csv");
    land(key, Fixtures.bytes(Fixtures.ORDERS_CSV));
    FileValidator validator =
        new FileValidator(zone(), ValidationOptions.defaults().withMaxSize(10), CLOCK);

    FileValidator.Verdict verdict = validator.validateOrReject(key, "run-size");

    assertThat(verdict.report().failures())
        .extracting(CheckResult::check)
        .containsExactly(Check.SIZE);
    assertThat(verdict.report().sha256()).isEmpty();
    assertThat(verdict.report().result(Check.FORMAT).orElseThrow().status())
        .isEqualTo(CheckStatus.SKIPPED);
    assertThat(verdict.rejected().orElseThrow().manifest().reason())
        .contains("exceeds the maximum");
  }

  @Test
  void aMissingFileFailsTheExistsCheckAndIsNotRejected() {
    RawKey key = freshPartition().file("ghost.csv");
    FileValidator validator = new FileValidator(zone(), ValidationOptions.defaults(), CLOCK);

    FileValidator.Verdict verdict = validator.validateOrReject(key, "run-x");

    assertThat(verdict.report().failures())
        .extracting(CheckResult::check)
        .containsExactly(Check.EXISTS);
    assertThat(verdict.rejected()).isEmpty();
  }

  @Test
  void aFileWithoutSidecarPassesWithTheChecksumSkippedUnlessRequired() {
    RawKey key = freshPartition().file("orders.csv");
    land(key, Fixtures.bytes(Fixtures.ORDERS_CSV));
    deleteRaw(key.sidecarPath());

    ValidationReport lenient =
        new FileValidator(zone(), ValidationOptions.defaults(), CLOCK).validate(key);
    ValidationReport strict =
        new FileValidator(zone(), ValidationOptions.defaults().withRequireChecksum(true), CLOCK)
            .validate(key);

    CheckStatus lenientStatus = lenient.result(Check.CHECKSUM).orElseThrow().status();
    assertThat(lenientStatus).isIn(CheckStatus.SKIPPED, CheckStatus.PASSED);
    assertThat(lenient.passed()).isTrue();
    assertThat(lenient.sha256()).contains(Fixtures.sha256(Fixtures.bytes(Fixtures.ORDERS_CSV)));
    if (lenientStatus == CheckStatus.SKIPPED) {
      assertThat(strict.failures()).extracting(CheckResult::check).containsExactly(Check.CHECKSUM);
    } else {
      assertThat(strict.passed()).isTrue();
    }
  }

  @Test
  void aStrictContractFailsUnknownColumns() {
    RawKey key = freshPartition().file("orders.csv");
    land(key, Fixtures.bytes("order_id,customer_id,order_timestamp,surprise\n1,2,3,4\n"));
    DataContract strict = OrdersContract.orders().withAllowUnknownColumns(false);

    ValidationReport report =
        new FileValidator(zone(), ValidationOptions.defaults().withContract(strict), CLOCK)
            .validate(key);

    assertThat(report.failures()).extracting(CheckResult::check).containsExactly(Check.SCHEMA);
    assertThat(report.failures().get(0).message()).contains("surprise");
  }

  @Test
  void replayPutsARejectedFileBackAndLeavesAnAuditRecord() throws IOException {
    RawPartition partition = freshPartition();
    RawKey key = partition.file("orders.csv");
    byte[] content = Fixtures.bytes("orderid\n1\n");
    land(key, content);
    FileValidator validator =
        new FileValidator(
            zone(), ValidationOptions.defaults().withContract(OrdersContract.orders()), CLOCK);
    validator.validateOrReject(key, "run-1");
    assertThat(zone().stat(key)).isEmpty();

    AuditRecord record = zone().replay(key, "contract fixed upstream");

    assertThat(record.action()).isEqualTo(AuditRecord.Action.REPLAY);
    assertThat(read(zone().open(key))).isEqualTo(content);
    assertThat(zone().sidecar(key)).isPresent();
    assertThat(zone().rejected(key)).isEmpty();
    assertThat(zone().listRejected(partition)).isEmpty();
    assertThat(String.join("\n", zone().auditRecords(LocalDate.now(ZoneOffset.UTC))))
        .contains("REPLAY", key.path(), "contract fixed upstream", "run-1");
    assertThatThrownBy(() -> zone().replay(key, "again")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void discardDeletesOnlyAfterWritingAnAuditRecord() {
    RawPartition partition = freshPartition();
    RawKey key = partition.file("empty.csv");
    land(key, new byte[0]);
    new FileValidator(zone(), ValidationOptions.defaults(), CLOCK).validateOrReject(key, "run-2");

    AuditRecord record = zone().discard(key, "operator: junk upload");

    assertThat(record.action()).isEqualTo(AuditRecord.Action.DISCARD);
    assertThat(record.manifest().orElseThrow().runId()).isEqualTo("run-2");
    assertThat(zone().rejected(key)).isEmpty();
    assertThat(zone().stat(key)).isEmpty();
    assertThat(String.join("\n", zone().auditRecords(LocalDate.now(ZoneOffset.UTC))))
        .contains("DISCARD", key.path(), "junk upload");
  }

  @Test
  void aBadFileResentUnderARejectedNameIsRejectedUnderAFreshNameKeepingBothManifests() {
    RawPartition partition = freshPartition();
    RawKey key = partition.file("empty.csv");
    FileValidator validator = new FileValidator(zone(), ValidationOptions.defaults(), CLOCK);
    land(key, new byte[0]);
    validator.validateOrReject(key, "run-1");
    land(key, new byte[0]);

    FileValidator.Verdict again = validator.validateOrReject(key, "run-2");

    RejectedFile second = again.rejected().orElseThrow();
    assertThat(second.key().fileName()).isEqualTo("empty.resent-2.csv");
    assertThat(second.manifest().runId()).isEqualTo("run-2");
    assertThat(second.manifest().reason())
        .contains("re-sent as empty.csv", "earlier empty.csv is already rejected");
    assertThat(zone().stat(key)).isEmpty();
    assertThat(zone().rejected(key).orElseThrow().manifest().runId()).isEqualTo("run-1");
    assertThat(zone().listRejected(partition))
        .extracting(r -> r.key().fileName() + "@" + r.manifest().runId())
        .containsExactly("empty.csv@run-1", "empty.resent-2.csv@run-2");

    land(key, new byte[0]);
    assertThat(validator.validateOrReject(key, "run-3").rejected().orElseThrow().key().fileName())
        .isEqualTo("empty.resent-3.csv");
  }

  @Test
  void hiddenFilesAndOrphanSidecarsAreListedAsIgnoredWithWhatToDo() {
    RawPartition partition = freshPartition();
    land(partition.file("orders.csv"), Fixtures.bytes("a\n1\n"));
    writeRaw(partition.prefix() + ".orders-2.csv", "a\n1\n");
    writeRaw(partition.prefix() + "lost.csv.sha256", "0".repeat(64) + "\n");

    List<IgnoredFile> ignored = zone().ignored(partition);

    assertThat(zone().list(partition))
        .extracting(o -> o.key().fileName())
        .containsExactly("orders.csv");
    assertThat(ignored)
        .extracting(IgnoredFile::name)
        .containsExactly(".orders-2.csv", "lost.csv.sha256");
    assertThat(ignored.get(0).path()).isEqualTo(partition.prefix() + ".orders-2.csv");
    assertThat(ignored.get(0).reason()).contains("starts with '.'", "rename it");
    assertThat(ignored.get(1).reason()).contains("no lost.csv beside it", "delete it");
    assertThat(zone().ignored(freshPartition())).isEmpty();
  }

  @Test
  void refusesPathTraversalAndControlCharactersBeforeTouchingStorage() {
    RawPartition partition = freshPartition();
    for (String bad : List.of("../escape.csv", "..", "a/b.csv", "a\\b.csv", "x\n.csv", "x\u0000")) {
      assertThatThrownBy(() -> partition.file(bad)).isInstanceOf(InvalidInputException.class);
    }
    assertThatThrownBy(() -> RawKey.parse("raw/ecommerce/../../etc/2026-01-01/passwd"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'..'");
    assertThatThrownBy(() -> RawKey.parse("/raw/ecommerce/orders/2026-01-01/a.csv"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> RawPartition.of("ecommerce", "..", LocalDate.of(2026, 1, 1)))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> RawPartition.of("rejected", "orders", LocalDate.of(2026, 1, 1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("reserved");
    assertThat(zone().list(partition)).isEmpty();
  }
}
