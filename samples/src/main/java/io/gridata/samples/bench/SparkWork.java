package io.gridata.samples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the Spark jobs and stages that run while it is registered, and keeps a line per completed
 * stage (duration, tasks, bytes read and shuffled): what a benchmark reports besides seconds.
 */
final class SparkWork extends SparkListener implements AutoCloseable {
  private final SparkSession spark;
  private final AtomicInteger jobs = new AtomicInteger();
  private final List<String> stages = new ArrayList<>();

  private SparkWork(SparkSession spark) {
    this.spark = spark;
  }

  /** Starts counting on {@code spark}'s context. */
  static SparkWork start(SparkSession spark) {
    SparkWork work = new SparkWork(spark);
    spark.sparkContext().addSparkListener(work);
    return work;
  }

  @Override
  public void onJobStart(SparkListenerJobStart event) {
    jobs.incrementAndGet();
  }

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted event) {
    StageInfo info = event.stageInfo();
    long millis =
        info.completionTime().isDefined() && info.submissionTime().isDefined()
            ? (Long) info.completionTime().get() - (Long) info.submissionTime().get()
            : -1;
    var metrics = info.taskMetrics();
    stages.add(
        String.format(
            Locale.ROOT,
            "stage %d: %6d ms, %d tasks, read %,d B, shuffle read %,d B, shuffle write %,d B: %s",
            info.stageId(),
            millis,
            info.numTasks(),
            metrics.inputMetrics().bytesRead(),
            metrics.shuffleReadMetrics().totalBytesRead(),
            metrics.shuffleWriteMetrics().bytesWritten(),
            info.name()));
  }

  /** Jobs started so far. */
  int jobs() {
    return jobs.get();
  }

  /** Stages completed so far. */
  synchronized int stages() {
    return stages.size();
  }

  /** One line per completed stage, in completion order. */
  synchronized List<String> stageLines() {
    return List.copyOf(stages);
  }

  /** {@code "12 Spark jobs, 18 stages"}. */
  String summary() {
    return String.format(Locale.ROOT, "%d Spark jobs, %d stages", jobs(), stages());
  }

  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(this);
  }
}
