package io.gridata.samples.cli;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.samples.bench.Customer360Benchmark;
import io.gridata.spark.customer360.Customer360Columns;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gridata bench customer360} at a tiny size in this JVM: its figures, and the check that the
 * Gridata and hand-written outputs agree (the benchmark fails when they do not). Tagged {@code
 * integration}: it runs Spark in this module's JVM (about a minute on a 2-core machine); the
 * metrics themselves are tested in the default tier by gridata-spark's {@code Customer360Test} and
 * {@code Customer360JobTest}.
 */
@Tag("integration")
class Customer360BenchCommandTest {
  @TempDir Path dir;

  @Test
  void printsTimingsSparkWorkRatioAndThatTheOutputsAgree() {
    CliRun run =
        CliRun.of(
            "bench",
            "customer360",
            "--orders",
            "2000",
            "--customers",
            "300",
            "--clicks",
            "6000",
            "--days",
            "200",
            "--runs",
            "2",
            "--no-warmup",
            "--stages",
            "--workdir",
            dir.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    String work = " +[0-9.]+ s +[0-9,]+ rows/s +\\(a run: \\d+ Spark jobs, \\d+ stages\\)";
    assertThat(run.out())
        .containsPattern("gridata Customer360Job" + work)
        .containsPattern("gridata compute \\+ createOrReplace" + work)
        .containsPattern("hand-written Spark SQL, 1 query" + work)
        .containsPattern("ratio \\(gridata job / hand-written time\\): [0-9.]+x")
        .containsPattern("outputs agree: [0-9,]+ rows x 38 columns, same types")
        .doesNotContain("DIFFER")
        // each round's times, which way went first rotating
        .containsPattern(
            "round 1 \\(gridata Customer360Job first\\): job [0-9.]+ s, compute [0-9.]+ s,"
                + " hand-written [0-9.]+ s, job / hand-written [0-9.]+x")
        .containsPattern("round 2 \\(gridata compute \\+ createOrReplace first\\): job ")
        // --stages: a line per stage of the last round, with what it spilled and its GC time
        .containsPattern(
            "gridata Customer360Job stage \\d+ at \\+[0-9.]+ s: +\\d+ ms, \\d+ tasks, read [0-9,]+ B,"
                + " shuffle read [0-9,]+ B, shuffle write [0-9,]+ B, spilled [0-9,]+ B, GC \\d+ ms: ");

    // the same comparison finds a single changed value, in both directions
    SparkSession spark = SparkSession.active();
    Dataset<Row> hand = spark.table("gridata.c360bench.customer_360_hand");
    String first = hand.orderBy("customer_id").first().getString(0);
    Dataset<Row> changed =
        hand.withColumn(
            "churn_risk",
            when(
                    col("customer_id").equalTo(first),
                    coalesce(col("churn_risk"), lit(0.0)).plus(0.0001))
                .otherwise(col("churn_risk")));
    Customer360Benchmark.Agreement agreement =
        Customer360Benchmark.compare(
            spark.table("gridata.c360bench.customer_360_job"),
            changed,
            Customer360Columns.COMPUTED);
    assertThat(agreement.agree()).isFalse();
    assertThat(agreement.onlyFirst()).isEqualTo(1);
    assertThat(agreement.onlySecond()).isEqualTo(1);
    assertThat(agreement.describe()).contains(first);
  }

  @Test
  void badOptionsAreUsageErrorsThatNameTheOption() {
    CliRun orders = CliRun.of("bench", "customer360", "--orders", "0");
    assertThat(orders.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(orders.err()).contains("--orders must be at least 1, got 0");

    CliRun runs = CliRun.of("bench", "customer360", "--runs", "-1");
    assertThat(runs.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(runs.err()).contains("--runs must be at least 1, got -1");

    CliRun clicks = CliRun.of("bench", "customer360", "--clicks", "many");
    assertThat(clicks.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(clicks.err()).contains("--clicks");
  }
}
