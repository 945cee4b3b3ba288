package io.gridata.streaming;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;

/**
 * The streaming JVM of the exactly-once tests ({@link KafkaExactlyOnceTest}, {@link
 * OrderUpdatesExactlyOnceTest}, {@link InventoryExactlyOnceTest}): runs a topic's job until killed.
 * Arguments: Spark properties file, bootstrap servers, checkpoint directory, table, {@code
 * halt-after-commit} or {@code run}, and optionally the topic ({@code clickstream_events} when
 * absent, {@code order_updates} or {@code inventory_changes}). With {@code halt-after-commit} the
 * JVM halts (exit {@value #HALTED}) right after its first batch's Iceberg commits, before Spark
 * writes that batch's commit log entry: the restart must replay the batch and find it committed.
 */
public final class StreamingChild {
  static final int HALTED = 77;

  private StreamingChild() {}

  public static void main(String[] args) throws Exception {
    Properties conf = new Properties();
    try (InputStream in = Files.newInputStream(Paths.get(args[0]))) {
      conf.load(in);
    }
    SparkSession.Builder builder = SparkSession.builder().appName("gridata-stream-child");
    conf.stringPropertyNames().forEach(k -> builder.config(k, conf.getProperty(k)));
    SparkSession spark = builder.getOrCreate();
    boolean halt = "halt-after-commit".equals(args[4]);
    StreamDataset dataset =
        switch (args.length > 5 ? args[5] : "clickstream_events") {
          case "inventory_changes" -> StreamDataset.inventory();
          case "order_updates" -> StreamDataset.orders();
          default -> StreamDataset.clickstream();
        };
    StreamingIngest.Running running =
        StreamingIngest.builder(spark, dataset)
            .bootstrapServers(args[1])
            .checkpointLocation(args[2])
            .table(args[3])
            .trigger(Duration.ofSeconds(1))
            .kafkaOption("maxOffsetsPerTrigger", "60")
            .compaction(new CompactionPolicy(4, 2))
            .afterCommit(
                batchId -> {
                  System.out.println("COMMITTED batch " + batchId);
                  if (halt) {
                    Runtime.getRuntime().halt(HALTED);
                  }
                })
            .build()
            .start();
    System.out.println("STARTED query " + running.query().id());
    running.query().awaitTermination();
  }
}
