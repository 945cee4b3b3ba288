package io.gridata.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class BatchCountsTest {

  @Test
  void namesTheCountsOnceInTheirOrderAndReconciles() {
    BatchCounts counts = new BatchCounts(10, 6, 3, 1);

    assertThat(counts.asMap())
        .containsExactly(
            entry("rows_read", 10L),
            entry("rows_written", 6L),
            entry("rows_quarantined", 3L),
            entry("duplicates_dropped", 1L));
    assertThat(counts.reconciles()).isTrue();
    assertThat(new BatchCounts(10, 6, 3, 0).reconciles()).isFalse();
  }
}
