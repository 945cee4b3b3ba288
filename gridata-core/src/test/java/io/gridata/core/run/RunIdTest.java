package io.gridata.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RunIdTest {

  @Test
  void schedulerTemplatedIdsAreValidAsGiven() {
    assertThat(RunId.of("orders-2026-11-02").value()).isEqualTo("orders-2026-11-02");
    assertThat(RunId.of("scheduled__2026-11-02T00.00.00_v1").toString())
        .isEqualTo("scheduled__2026-11-02T00.00.00_v1");
    assertThat(RunId.of("x".repeat(128)).value()).hasSize(128);
  }

  @Test
  void idsThatCannotNameABranchAreRefusedWithWhatIsAllowed() {
    for (String bad : new String[] {"", "a/b", "a b", "a,b", "é", "x".repeat(129)}) {
      assertThatThrownBy(() -> RunId.of(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Invalid run id '" + bad + "'")
          .hasMessageContaining("letters, digits");
    }
    assertThatThrownBy(() -> RunId.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void generatedIdsNameTheRunAndDayAndDiffer() {
    LocalDate day = LocalDate.of(2026, 11, 2);
    RunId one = RunId.generate("orders", day);
    RunId two = RunId.generate("orders", day);

    assertThat(one.value()).matches("orders-2026-11-02-[0-9a-f]{8}");
    assertThat(one).isNotEqualTo(two);
    assertThatThrownBy(() -> RunId.generate("my orders", day))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
