package io.gridata.pipeline;

import static io.gridata.quality.Checks.hasSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.rawzone.RawZone;
import io.gridata.quality.QualitySuite;
import io.gridata.spark.orders.OrdersSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes in an {@link IngestPipeline}'s parts fail in {@code build()}, before Spark starts and
 * before any file is looked at: none of them waits for the run to fail (after the publish, for a
 * report directory that is not one).
 */
class IngestPipelineBuilderTest {
  private static final Supplier<SparkSession> NO_SPARK =
      () -> {
        throw new AssertionError("no Spark session may be asked for while building");
      };
  private static final QualitySuite SUITE =
      QualitySuite.builder("orders").add(hasSize().atLeast(1)).build();

  @TempDir Path dir;
  private RawZone zone;

  @BeforeEach
  void openZone() {
    zone = RawZone.open(dir.resolve("zone").toUri().toString());
  }

  @AfterEach
  void closeZone() {
    zone.close();
  }

  private IngestPipeline.Builder orders() {
    return IngestPipeline.builder(NO_SPARK, zone, new OrdersSpec()).table("lake.ecommerce.orders");
  }

  @Test
  void aNegativeSettleTime() {
    IngestPipeline.Builder builder = orders().settle(Duration.ofSeconds(-1));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot build the pipeline of ecommerce.orders: the settle time PT-1S is negative;"
                + " give Duration.ZERO to take every file at once, or a positive time");
  }

  @Test
  void aQualityHistoryThatIsNotCatalogNamespaceTable() {
    for (String bad : new String[] {"quality.results", "lake..results", "a.b.c.d"}) {
      IngestPipeline.Builder builder = orders().qualityGate(SUITE, bad);

      assertThatThrownBy(builder::build)
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(
              "Cannot build the pipeline of ecommerce.orders: the quality history '" + bad + "'")
          .hasMessageContaining("IcebergMetricHistory.tableInCatalog");
    }
  }

  @Test
  void aReportDirectoryThatIsNotADirectory() throws IOException {
    Path file = Files.writeString(dir.resolve("reports"), "a file");
    Path missing = dir.resolve("no-such-dir");

    for (Path bad : new Path[] {file, missing}) {
      IngestPipeline.Builder builder =
          orders().qualityGate(SUITE, "lake.quality.results").qualityReportDir(bad);

      assertThatThrownBy(builder::build)
          .as(bad.toString())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "Cannot build the pipeline of ecommerce.orders: the quality report directory "
                  + bad
                  + " is not an existing directory; create it first");
    }
  }

  @Test
  void aReportDirectoryWithoutAQualityGate() {
    IngestPipeline.Builder builder = orders().qualityReportDir(dir);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Cannot build the pipeline of ecommerce.orders: a quality report directory")
        .hasMessageContaining("call qualityGate(suite, historyTable) too");
  }

  @Test
  void rightPartsBuildWithoutTouchingAnything() throws IOException {
    IngestPipeline pipeline =
        orders()
            .settle(Duration.ZERO)
            .qualityGate(SUITE, "lake.quality.results")
            .qualityReportDir(Files.createDirectories(dir.resolve("reports")))
            .build();

    assertThat(pipeline).isNotNull();
    assertThat(dir.resolve("zone")).isEmptyDirectory();
  }
}
