package io.gridata.samples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the Spark jobs and stages that run while it is registered, and keeps a line per completed
 * stage (when it was submitted after the start, duration, tasks, bytes read, shuffled and spilled
 * to disk, the tasks' garbage-collection time summed): what a benchmark reports besides seconds.
 */
final class SparkWork extends SparkListener implements AutoCloseable {
  private final SparkSession spark;
  private final long startMillis = System.currentTimeMillis();
  private int jobs;
  private int jobsEnded;
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
  public synchronized void onJobStart(SparkListenerJobStart event) {
    jobs++;
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd event) {
    jobsEnded++;
    notifyAll();
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
            "stage %d at +%.1f s: %6d ms, %d tasks, read %,d B, shuffle read %,d B, shuffle write %,d B,"
                + " spilled %,d B, GC %d ms: %s",
            info.stageId(),
            info.submissionTime().isDefined()
                ? ((Long) info.submissionTime().get() - startMillis) / 1000.0
                : -1.0,
            millis,
            info.numTasks(),
            metrics.inputMetrics().bytesRead(),
            metrics.shuffleReadMetrics().totalBytesRead(),
            metrics.shuffleWriteMetrics().bytesWritten(),
            metrics.diskBytesSpilled(),
            metrics.jvmGCTime(),
            info.name()));
  }

  /**
   * Waits (at most 5 s) until every job seen starting has been seen ending: Spark delivers listener
   * events asynchronously, after the action that caused them has returned.
   */
  private synchronized void awaitEvents() {
    long deadline = System.nanoTime() + 5_000_000_000L;
    long left;
    while (jobsEnded < jobs && (left = deadline - System.nanoTime()) > 0) {
      try {
        wait(left / 1_000_000 + 1); // woken by onJobEnd
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Jobs started so far. */
  synchronized int jobs() {
    return jobs;
  }

  /** Stages completed so far. */
  synchronized int stages() {
    return stages.size();
  }

  /** One line per completed stage, in completion order. */
  List<String> stageLines() {
    awaitEvents();
    return lines();
  }

  private synchronized List<String> lines() {
    return List.copyOf(stages);
  }

  /** {@code "12 Spark jobs, 18 stages"}, once the events of the finished jobs have arrived. */
  String summary() {
    awaitEvents();
    return String.format(Locale.ROOT, "%d Spark jobs, %d stages", jobs(), stages());
  }

  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(this);
  }
}
