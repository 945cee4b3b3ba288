package io.gridata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.ReduceFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master, two workers and their executors, each in its own JVM: a job whose tasks run a lambda of
 * this class runs on both executors, and no JVM outlives the cluster.
 */
@Tag("integration")
class SparkClusterTest {

  @Test
  void tasksRunInTwoExecutorJvmsAndEveryJvmStopsWithTheCluster(@TempDir Path dir) throws Exception {
    long before = ProcessHandle.current().descendants().count();
    // one SparkContext per JVM: a local one of an earlier test gives way to the cluster's
    SparkSession.getDefaultSession()
        .foreach(
            s -> {
              s.stop();
              return null;
            });
    SparkSession.clearDefaultSession();
    SparkSession.clearActiveSession();
    Set<String> executors = ConcurrentHashMap.newKeySet();
    try (SparkCluster cluster = new SparkCluster(2).withDirectory(dir).start()) {
      assertThat(cluster.aliveWorkers()).isEqualTo(2);
      SparkSession.Builder builder =
          SparkSession.builder().appName("cluster-test").master(cluster.masterUrl());
      cluster.driverConf().forEach(builder::config);
      SparkSession spark = builder.getOrCreate();
      try {
        spark
            .sparkContext()
            .addSparkListener(
                new SparkListener() {
                  @Override
                  public void onTaskEnd(SparkListenerTaskEnd end) {
                    executors.add(end.taskInfo().executorId());
                  }
                });
        MapFunction<Long, Long> square = x -> x * x;
        Dataset<Long> squares =
            spark.range(0, 200_000, 1, 16).as(Encoders.LONG()).map(square, Encoders.LONG());
        long n = 200_000;
        assertThat(squares.reduce((ReduceFunction<Long>) Long::sum))
            .isEqualTo((n - 1) * n * (2 * n - 1) / 6);
        // through a shuffle between the executors: squares mod 7 are the residues 0, 1, 2 and 4
        long residues =
            squares
                .groupByKey((MapFunction<Long, Long>) x -> x % 7, Encoders.LONG())
                .count()
                .count();
        assertThat(residues).isEqualTo(4);
        assertThat(spark.sparkContext().statusTracker().getExecutorInfos()).hasSizeGreaterThan(2);
      } finally {
        spark.stop();
        SparkSession.clearDefaultSession();
        SparkSession.clearActiveSession();
      }
      assertThat(executors).as("executors that ran tasks").hasSize(2).doesNotContain("driver");
    }
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count())
        .as("JVMs left after close")
        .isLessThanOrEqualTo(before);
  }
}
