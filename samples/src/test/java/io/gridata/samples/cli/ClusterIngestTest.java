package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.core.rawzone.RawZone;
import io.gridata.samples.demo.DemoDrops;
import io.gridata.spark.clickstream.ClickstreamSpec;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.spark.customers.CustomersSpec;
import io.gridata.spark.ingest.IngestJob;
import io.gridata.spark.orders.OrdersJob;
import io.gridata.testkit.SparkCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingestion jobs on a real Spark standalone cluster (master, two workers, executors in their
 * own JVMs; driver in this JVM, client mode): a demo day of customers, clickstream and orders with
 * bad files and rows, through validation, transforms, quarantine and the staged publish. The
 * executors did the tasks, and every table equals, row by row, a {@code local[*]} run of the same
 * drop (run metadata aside). Tagged {@code integration}.
 */
@Tag("integration")
class ClusterIngestTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 2);
  private static final List<String> TABLES =
      List.of(
          "gridata.ecommerce.orders",
          "gridata.ecommerce.orders_quarantine",
          "gridata.ecommerce.customers",
          "gridata.ecommerce.customers_quarantine",
          "gridata.ecommerce.clickstream",
          "gridata.ecommerce.clickstream_quarantine");

  @TempDir Path dir;

  @Test
  void theJobsOnAClusterWriteWhatALocalRunWrites() throws Exception {
    stopSparkOfEarlierTests();
    Set<String> executors = ConcurrentHashMap.newKeySet();
    Map<String, List<String>> onCluster;
    try (SparkCluster cluster = new SparkCluster(2).withDirectory(dir.resolve("cluster")).start()) {
      CatalogConfig catalog = CatalogConfig.embedded(dir.resolve("wh-cluster"));
      SparkSession.Builder builder =
          catalog
              .configure(
                  SparkSession.builder().appName("cluster-ingest").master(cluster.masterUrl()))
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.shuffle.partitions", "4");
      cluster.driverConf().forEach(builder::config);
      SparkSession spark = builder.getOrCreate();
      try {
        catalog.register(spark);
        spark
            .sparkContext()
            .addSparkListener(
                new SparkListener() {
                  @Override
                  public void onTaskEnd(SparkListenerTaskEnd end) {
                    executors.add(end.taskInfo().executorId());
                  }
                });
        onCluster = ingestAndRead(spark);
      } finally {
        spark.stop();
        stopSparkOfEarlierTests();
      }
    }
    assertThat(executors).as("executors that ran tasks").hasSize(2).doesNotContain("driver");

    SparkSession local =
        LocalSpark.session("local-ingest", CatalogConfig.embedded(dir.resolve("wh-local")));
    Map<String, List<String>> inLocal = ingestAndRead(local);

    assertThat(onCluster.keySet()).isEqualTo(inLocal.keySet());
    for (String table : onCluster.keySet()) {
      assertThat(onCluster.get(table))
          .as(table + " on the cluster vs local[*]")
          .isEqualTo(inLocal.get(table));
    }
    assertThat(onCluster.get("gridata.ecommerce.orders")).hasSizeGreaterThan(50);
    assertThat(onCluster.get("gridata.ecommerce.orders_quarantine")).isNotEmpty();
  }

  /** Writes the demo drop afresh (rejection moves files), ingests it, reads every table back. */
  private Map<String, List<String>> ingestAndRead(SparkSession spark) throws IOException {
    Path zoneDir = dir.resolve("zone");
    deleteRecursively(zoneDir);
    DemoDrops.write(zoneDir, DAY, 0, 120, 5);
    try (RawZone zone = RawZone.open(zoneDir.toUri().toString())) {
      IngestJob.builder(spark, zone, new CustomersSpec())
          .settleTime(Duration.ZERO)
          .build()
          .run(DAY);
      IngestJob.builder(spark, zone, new ClickstreamSpec())
          .settleTime(Duration.ZERO)
          .build()
          .run(DAY);
      OrdersJob.builder(spark, zone).settleTime(Duration.ZERO).build().run(DAY);
    }
    Map<String, List<String>> tables = new LinkedHashMap<>();
    for (String table : TABLES) {
      if (!spark.catalog().tableExists(table)) {
        continue;
      }
      spark.sql("REFRESH TABLE " + table);
      // run metadata differs by construction: the run id and the ingestion time
      Column[] columns =
          Arrays.stream(spark.table(table).columns())
              .filter(c -> !c.equals("_run_id") && !c.equals("_ingested_at"))
              .map(c -> functions.col("`" + c + "`").cast("string"))
              .toArray(Column[]::new);
      tables.put(
          table,
          spark.table(table).select(columns).collectAsList().stream()
              .map(Object::toString)
              .sorted()
              .collect(Collectors.toList()));
    }
    return tables;
  }

  private static void stopSparkOfEarlierTests() {
    // one SparkContext per JVM: a local one of an earlier test gives way to the cluster's
    SparkSession.getDefaultSession()
        .foreach(
            s -> {
              s.stop();
              return null;
            });
    SparkSession.clearDefaultSession();
    SparkSession.clearActiveSession();
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
