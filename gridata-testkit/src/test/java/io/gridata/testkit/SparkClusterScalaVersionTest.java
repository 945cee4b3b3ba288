package io.gridata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code SPARK_SCALA_VERSION} for the cluster's JVMs comes from the Spark jars it runs from. */
class SparkClusterScalaVersionTest {
  @Test
  void readsTheScalaLineOffSparkCore() {
    assertThat(
            SparkCluster.scalaVersion(
                List.of(
                    "/m2/org/scala-lang/scala-library/2.12.18/scala-library-2.12.18.jar",
                    "/m2/org/apache/spark/spark-core_2.12/3.5.8/spark-core_2.12-3.5.8.jar")))
        .isEqualTo("2.12");
    assertThat(SparkCluster.scalaVersion(List.of("/m2/x/spark-core_2.13-4.1.3.jar")))
        .isEqualTo("2.13");
  }

  @Test
  void defaultsTo213WithoutASparkCoreJar() {
    assertThat(SparkCluster.scalaVersion(List.of("/tmp/classes", "/m2/x/other.jar")))
        .isEqualTo("2.13");
  }
}
