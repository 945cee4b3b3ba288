package io.gridata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.core.alert.Alert;
import io.gridata.core.rawzone.RawKey;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.spark.ingest.FileOutcome;
import io.gridata.spark.ingest.IngestJobResult;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IngestAlertsTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 6);

  @Test
  void aDayWithEveryFileRejectedIsAnErrorAndEachFileAWarning() {
    IngestJobResult result =
        new IngestJobResult(
            "run-9",
            RawPartition.of("ecommerce", "orders", DAY),
            List.of(rejected("a.csv", "size: the file is empty"), rejected("b.json", "format")),
            Optional.empty(),
            Duration.ofMillis(5),
            Duration.ofMillis(9));

    List<Alert> alerts =
        IngestAlerts.of(result, Optional.empty(), "gridata.ecommerce.orders", Instant.EPOCH);

    assertThat(alerts)
        .extracting(Alert::level, Alert::title)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Alert.Level.ERROR, "every file of 2026-11-06 rejected in run run-9"),
            org.assertj.core.groups.Tuple.tuple(Alert.Level.WARNING, "rejected a.csv"),
            org.assertj.core.groups.Tuple.tuple(Alert.Level.WARNING, "rejected b.json"));
    assertThat(alerts.get(1).message()).isEqualTo("size: the file is empty");
    assertThat(alerts).allSatisfy(a -> assertThat(a.runId()).isEqualTo("run-9"));
  }

  @Test
  void aFileChangedUnderTheReadOrSentTwiceIsAWarningAnUnsettledOneIsNot() {
    IngestJobResult result =
        new IngestJobResult(
            "run-7",
            RawPartition.of("ecommerce", "orders", DAY),
            List.of(
                outcome("a.csv", FileOutcome.Status.CHANGED, "changed while it was read"),
                outcome("b.csv", FileOutcome.Status.DUPLICATE, "same content as a0.csv"),
                outcome("c.csv", FileOutcome.Status.UNSETTLED, "not settled")),
            Optional.empty(),
            Duration.ZERO,
            Duration.ZERO);

    List<Alert> alerts =
        IngestAlerts.of(result, Optional.empty(), "gridata.ecommerce.orders", Instant.EPOCH);

    assertThat(alerts)
        .extracting(Alert::level, Alert::title)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Alert.Level.WARNING, "a.csv changed while it was read"),
            org.assertj.core.groups.Tuple.tuple(
                Alert.Level.WARNING, "b.csv is a copy of another file"));
    assertThat(alerts.get(1).message()).isEqualTo("same content as a0.csv");
  }

  @Test
  void aDayWithoutFilesRaisesNothing() {
    IngestJobResult result =
        new IngestJobResult(
            "run-0",
            RawPartition.of("ecommerce", "orders", DAY),
            List.of(),
            Optional.empty(),
            Duration.ZERO,
            Duration.ZERO);

    assertThat(IngestAlerts.of(result, Optional.empty(), "gridata.ecommerce.orders", Instant.EPOCH))
        .isEmpty();
  }

  private static FileOutcome outcome(String name, FileOutcome.Status status, String reason) {
    return new FileOutcome(
        RawKey.of("ecommerce", "orders", DAY, name), status, Optional.empty(), reason);
  }

  private static FileOutcome rejected(String name, String reason) {
    return new FileOutcome(
        RawKey.of("ecommerce", "orders", DAY, name),
        FileOutcome.Status.REJECTED,
        Optional.empty(),
        reason);
  }
}
