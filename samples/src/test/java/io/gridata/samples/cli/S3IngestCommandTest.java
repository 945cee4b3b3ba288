package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.core.rawzone.RawKey;
import io.gridata.testkit.Backend;
import io.gridata.testkit.LakehouseStack;
import io.gridata.testkit.data.DropManifest;
import io.gridata.testkit.data.FileDefect;
import io.gridata.testkit.data.FileFormat;
import io.gridata.testkit.data.FileSpec;
import io.gridata.testkit.data.RawDataGenerator;
import io.gridata.testkit.data.RawDataset;
import io.gridata.testkit.data.RawTarget;
import io.gridata.testkit.data.RowDefect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code gridata ingest} on the local stack: an S3 raw zone in the testkit's S3 server, read by
 * Spark through S3A, into the Iceberg REST catalog whose warehouse lives in the same server. One
 * good day (CSV, JSON lines and Parquet with bad rows, one bad file) reconciled with the
 * generator's manifest (after {@code --wait} saw the files), its re-run, a day of bad files only,
 * and a wrong secret. Tagged {@code integration}: three Spark runs.
 */
@Tag("integration")
class S3IngestCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DATASET = "ecommerce.orders";

  @TempDir Path dir;

  private LakehouseStack stack;
  private S3Client s3;

  /** A bucket of its own: Hadoop caches one S3A file system per bucket and JVM. */
  private final String bucket = "raw-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void startStack() {
    stack = LakehouseStack.start(Backend.LOCAL, dir.resolve("stack"));
    stack.s3().createBucket(bucket);
    s3 = stack.s3().newClient();
  }

  @AfterEach
  void stopStack() {
    s3.close();
    stack.close();
  }

  /**
   * One file for the deployment: the REST catalog with its S3 warehouse ({@code gridata.catalog.*},
   * {@code gridata.s3.*}) and the raw zone's S3 settings ({@code gridata.raw.*}).
   */
  private Path config() throws IOException {
    String endpoint = stack.s3().endpoint().toString();
    return Files.writeString(
        dir.resolve("gridata.properties"),
        String.join(
            "\n",
            "gridata.catalog.type=rest",
            "gridata.catalog.uri=" + stack.catalog().uri(),
            "gridata.catalog.warehouse=" + stack.catalog().warehouse(),
            "gridata.s3.endpoint=" + endpoint,
            "gridata.s3.access-key=" + stack.s3().accessKey(),
            "gridata.s3.secret-key=" + stack.s3().secretKey(),
            "gridata.raw.s3.endpoint=" + endpoint,
            "gridata.raw.s3.path-style-access=true",
            "gridata.raw.s3.access-key-id=" + stack.s3().accessKey(),
            "gridata.raw.s3.secret-access-key=" + stack.s3().secretKey(),
            "gridata.raw.retry.initial-delay=10ms",
            ""));
  }

  private CliRun ingest(LocalDate day, String summary, String... more) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "ingest",
                "--raw",
                "s3://" + bucket,
                "--dataset",
                DATASET,
                "--date",
                day.toString(),
                "--config",
                config().toString(),
                "--summary-json",
                dir.resolve(summary).toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private JsonNode summary(String name) throws IOException {
    return JSON.readTree(dir.resolve(name).toFile());
  }

  private List<String> keys(String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  @Test
  void anS3ZoneIngestsOnceRejectsInTheBucketAndRefusesAWrongSecret() throws IOException {
    LocalDate day = LocalDate.of(2026, 11, 5);
    DropManifest drop =
        RawDataGenerator.withSeed(5)
            .writeDrop(
                RawTarget.s3(s3, bucket),
                "s3-" + day,
                List.of(
                    FileSpec.builder(RawDataset.ORDERS, day)
                        .format(FileFormat.CSV)
                        .rows(60)
                        .fileName("orders-web.csv")
                        .rowDefect(RowDefect.BAD_TIMESTAMP, 1)
                        .rowDefect(RowDefect.DUPLICATE_ORDER_ID, 1)
                        .build(),
                    FileSpec.builder(RawDataset.ORDERS, day)
                        .format(FileFormat.JSON)
                        .rows(60)
                        .fileName("orders-mobile.json")
                        .rowDefect(RowDefect.NEGATIVE_QUANTITY, 1)
                        .build(),
                    FileSpec.builder(RawDataset.ORDERS, day)
                        .format(FileFormat.PARQUET)
                        .rows(60)
                        .fileName("orders-store.parquet")
                        .rowDefect(RowDefect.NEGATIVE_PRICE, 1)
                        .build(),
                    FileSpec.builder(RawDataset.ORDERS, day)
                        .format(FileFormat.CSV)
                        .rows(10)
                        .fileName("orders-partner.csv")
                        .fileDefect(FileDefect.WRONG_HEADER)
                        .build()));

    CliRun first = ingest(day, "first.json", "--wait", "--wait-timeout", "1m");

    assertThat(first.exitCode()).as(first.err()).isZero();
    JsonNode json = summary("first.json");
    assertThat(json.get("files")).hasSize(drop.files(RawDataset.ORDERS).size());
    assertThat(json.get("filesRejected").asLong()).isEqualTo(drop.rejectedFiles().size());
    assertThat(json.get("rowsRead").asLong()).isEqualTo(drop.acceptedRecords(RawDataset.ORDERS));
    assertThat(json.get("rowsWritten").asLong())
        .isEqualTo(drop.expectedCleanRows(RawDataset.ORDERS));
    assertThat(json.get("rowsQuarantined").asLong())
        .isEqualTo(drop.expectedQuarantinedRows(RawDataset.ORDERS));
    assertThat(json.get("duplicatesDropped").asLong())
        .isEqualTo(drop.expectedDuplicates(RawDataset.ORDERS));
    assertThat(json.get("outcome").asText()).isEqualTo("PUBLISHED");
    assertThat(json.get("steps"))
        .extracting(step -> step.get("name").asText() + ":" + step.get("status").asText())
        .containsExactly("sense:SUCCEEDED", "ingest:SUCCEEDED", "quality:SUCCEEDED");
    assertThat(json.get("steps").get(0).get("output").get("files").asInt())
        .as("the sensor saw the day's files")
        .isEqualTo(drop.files(RawDataset.ORDERS).size());
    assertThat(json.get("steps").get(1).get("output").get("rows_written").asLong())
        .isEqualTo(json.get("rowsWritten").asLong());
    assertThat(json.get("publishedSnapshotId").isNumber()).isTrue();
    String rejected = RawKey.of("ecommerce", "orders", day, "orders-partner.csv").rejectedPath();
    assertThat(keys("raw/rejected/")).contains(rejected, rejected + RawKey.MANIFEST_SUFFIX);
    assertThat(keys("raw/ecommerce/orders/" + day + "/"))
        .noneMatch(key -> key.contains("orders-partner"));

    CliRun rerun = ingest(day, "again.json");

    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    JsonNode again = summary("again.json");
    assertThat(again.get("rowsWritten").asLong()).isZero();

    LocalDate badDay = day.plusDays(1);
    RawDataGenerator.withSeed(6)
        .writeDrop(
            RawTarget.s3(s3, bucket),
            "s3-" + badDay,
            List.of(
                FileSpec.builder(RawDataset.ORDERS, badDay)
                    .format(FileFormat.CSV)
                    .rows(10)
                    .fileName("only.csv")
                    .fileDefect(FileDefect.EMPTY_FILE)
                    .build()));

    CliRun allRejected = ingest(badDay, "bad.json");

    assertThat(allRejected.exitCode())
        .as(allRejected.err())
        .isEqualTo(IngestCommand.EXIT_ALL_REJECTED);
    assertThat(summary("bad.json").get("filesRejected").asLong()).isEqualTo(1);
    assertThat(keys("raw/ecommerce/orders/" + badDay + "/")).isEmpty();
    String only = RawKey.of("ecommerce", "orders", badDay, "only.csv").rejectedPath();
    assertThat(keys("raw/rejected/ecommerce/orders/" + badDay + "/"))
        .contains(only, only + RawKey.MANIFEST_SUFFIX);

    Path wrongSecret =
        Files.writeString(dir.resolve("raw.properties"), "s3.secret-access-key=not-the-secret\n");
    CliRun refused = ingest(day, "refused.json", "--raw-config", wrongSecret.toString());

    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(refused.err())
        .contains(
            "--raw s3://" + bucket + ": cannot list s3://" + bucket + "/raw/ecommerce/orders/")
        .contains("check s3.secret-access-key");
    assertThat(dir.resolve("refused.json")).doesNotExist();
  }
}
