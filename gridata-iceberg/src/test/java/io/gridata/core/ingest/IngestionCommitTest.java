package io.gridata.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.GridataException;
import io.gridata.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestionCommitTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  @Test
  void theDigestIsSha256OverSortedDistinctChecksumsEachEndingInANewline() throws Exception {
    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest((A + "\n" + B + "\n").getBytes(StandardCharsets.UTF_8)));

    assertThat(IngestionCommit.digest(List.of(B, A, A.toUpperCase()))).isEqualTo(expected);
  }

  @Test
  void aSummaryWithoutRunIdIsNotAnIngestion() {
    assertThat(IngestionCommit.fromSummary(Map.of("added-records", "3"))).isEmpty();
    assertThat(IngestionCommit.fromSummary(null)).isEmpty();
  }

  @Test
  void malformedKeysAreReportedNotIgnored() {
    assertThatThrownBy(
            () ->
                IngestionCommit.fromSummary(
                    Map.of("gridata.run-id", "r", "gridata.source-checksums", "zz")))
        .isInstanceOf(GridataException.class)
        .hasMessageContaining("not a SHA-256");
    assertThatThrownBy(() -> new SourceFile("a.csv", "abc"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("64 hex digits");
  }
}
