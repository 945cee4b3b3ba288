package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.core.rawzone.FileValidator;
import io.gridata.core.rawzone.RawKey;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.rawzone.ValidationOptions;
import io.gridata.spark.orders.OrdersSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gridata rejected list|replay|discard} on a local raw zone with two rejected files. */
class RejectedCommandTest {
  private static final RawPartition DAY =
      RawPartition.of("ecommerce", "orders", LocalDate.of(2026, 11, 2));
  private static final RawKey EMPTY = DAY.file("empty.csv");
  private static final RawKey WRONG_HEADER = DAY.file("partner.csv");

  @TempDir Path root;
  private RawZone zone;

  @BeforeEach
  void rejectTwoFiles() throws IOException {
    write(EMPTY, "");
    write(WRONG_HEADER, "id,when,what\n1,2026-11-02,x\n");
    zone = RawZone.open(root.toUri().toString());
    FileValidator validator =
        new FileValidator(zone, ValidationOptions.defaults().withContract(OrdersSpec.CONTRACT));
    assertThat(validator.validateOrReject(EMPTY, "run-1").accepted()).isFalse();
    assertThat(validator.validateOrReject(WRONG_HEADER, "run-1").accepted()).isFalse();
  }

  @AfterEach
  void close() {
    zone.close();
  }

  private void write(RawKey key, String content) throws IOException {
    Path file = root.resolve(key.path());
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  private CliRun run(String command, String... more) {
    List<String> args = new ArrayList<>(List.of("rejected", command));
    args.addAll(
        List.of("--raw", root.toUri().toString(), "--dataset", "ecommerce.orders", "--date"));
    args.add("2026-11-02");
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void listPrintsEachRejectedFileWithItsRunAndReason() {
    CliRun list = run("list");

    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out())
        .contains("2 rejected file(s) in raw/rejected/ecommerce/orders/2026-11-02/")
        .containsPattern("empty\\.csv  0 bytes  rejected \\S+ by run run-1: .*empty")
        .containsPattern("partner\\.csv  \\d+ bytes  rejected \\S+ by run run-1: .*order_id");
  }

  @Test
  void replayMovesTheFileBackAndWritesAnAuditRecord() throws IOException {
    CliRun replay = run("replay", "--file", "partner.csv", "--reason", "partner re-sent it");

    assertThat(replay.exitCode()).as(replay.err()).isZero();
    assertThat(zone.stat(WRONG_HEADER)).isPresent();
    assertThat(zone.rejected(WRONG_HEADER)).isEmpty();
    assertThat(zone.listRejected(DAY)).hasSize(1);
    String auditPath = replay.out().replaceAll("(?s).*\\(audit record (\\S+)\\).*", "$1");
    assertThat(Files.readString(root.resolve(auditPath)))
        .contains("REPLAY")
        .contains("partner re-sent it");
  }

  @Test
  void discardDeletesTheFileAfterWritingAnAuditRecordThatKeepsItsManifest() throws IOException {
    CliRun discard = run("discard", "--file", "empty.csv", "--reason", "test drop");

    assertThat(discard.exitCode()).as(discard.err()).isZero();
    assertThat(zone.rejected(EMPTY)).isEmpty();
    assertThat(zone.stat(EMPTY)).isEmpty();
    String auditPath = discard.out().replaceAll("(?s).*\\(audit record (\\S+)\\).*", "$1");
    assertThat(Files.readString(root.resolve(auditPath))).contains("DISCARD").contains("run-1");
  }

  @Test
  void badInputIsAUsageErrorThatNamesItAndChangesNothing() {
    CliRun unknown = run("replay", "--file", "nope.csv", "--reason", "x");
    assertThat(unknown.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(unknown.err()).contains("nope.csv");

    CliRun dataset =
        CliRun.of(
            "rejected",
            "list",
            "--raw",
            root.toString(),
            "--dataset",
            "orders",
            "--date",
            "2026-11-02");
    assertThat(dataset.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(dataset.err()).contains("--dataset must be DOMAIN.DATASET");

    CliRun date =
        CliRun.of(
            "rejected",
            "list",
            "--raw",
            root.toString(),
            "--dataset",
            "ecommerce.orders",
            "--date",
            "2026-13-01");
    assertThat(date.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(date.err()).contains("--date must be YYYY-MM-DD");

    CliRun yesterday =
        CliRun.of(
            "rejected",
            "list",
            "--raw",
            root.toString(),
            "--dataset",
            "ecommerce.orders",
            "--date",
            "yesterday");
    assertThat(yesterday.exitCode()).as(yesterday.err()).isZero();
    assertThat(yesterday.out())
        .as("yesterday in UTC")
        .contains(
            "raw/rejected/ecommerce/orders/"
                + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1));

    CliRun typo =
        CliRun.of(
            "rejected",
            "list",
            "--raw",
            root.resolve("typo").toString(),
            "--dataset",
            "ecommerce.orders",
            "--date",
            "2026-11-02");
    assertThat(typo.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(typo.err()).contains("no such directory");
    assertThat(root.resolve("typo")).doesNotExist();

    CliRun noReason = run("discard", "--file", "empty.csv");
    assertThat(noReason.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(noReason.err()).contains("--reason");

    assertThat(zone.listRejected(DAY)).hasSize(2);
  }
}
