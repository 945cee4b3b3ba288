package io.gridata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/**
 * The broker's cluster id goes to {@code kafka-storage format -t <id>} as a separate argument: an
 * id starting with {@code -} (one in 64 of URL-safe base64 ids) was read as an option and the
 * broker failed to start, so a CI run failed at random.
 */
class KafkaClusterIdTest {

  @Test
  void clusterIdsAreKafkaUuidsThatNeverStartWithADash() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 5_000; i++) {
      String id = KafkaBroker.newClusterId();
      assertThat(id).doesNotStartWith("-").hasSize(22);
      assertThat(Uuid.fromString(id).toString()).isEqualTo(id);
      ids.add(id);
    }
    assertThat(ids).hasSize(5_000);
  }
}
