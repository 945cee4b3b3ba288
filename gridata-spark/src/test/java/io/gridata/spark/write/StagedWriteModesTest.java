package io.gridata.spark.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.run.RunId;
import io.gridata.core.table.StaleRefException;
import io.gridata.testkit.Backend;
import io.gridata.testkit.junit.LakehouseTest;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

@LakehouseTest(backend = Backend.LOCAL)
class StagedWriteModesTest {
  private static final String TABLE = "gridata.modes.events";

  @Test
  void appendOverwritePartitionsAndReplaceEachPublishInOneStep(SparkSession spark) {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS gridata.modes");
    spark.sql(
        "CREATE TABLE "
            + TABLE
            + " (id int, ts timestamp) USING iceberg PARTITIONED BY (months(ts))"
            + " TBLPROPERTIES ('write.wap.enabled'='true')");

    Snapshot first =
        stage(
            spark,
            "m-1",
            WriteMode.APPEND,
            "(1, '2026-01-05'), (2, '2026-01-20'), (3, '2026-02-03')");
    assertThat(ids(spark, TABLE)).isEqualTo("1,2,3");

    Snapshot second = stage(spark, "m-2", WriteMode.OVERWRITE_PARTITIONS, "(4, '2026-01-09')");
    assertThat(second.operation()).isEqualTo("overwrite");
    assertThat(ids(spark, TABLE)).as("January replaced, February kept").isEqualTo("3,4");

    Snapshot third = stage(spark, "m-3", WriteMode.REPLACE, "(5, '2026-03-01')");
    assertThat(third.summary()).containsEntry("gridata.run-id", "m-3");
    assertThat(ids(spark, TABLE)).isEqualTo("5");
    assertThat(ids(spark, TABLE + " VERSION AS OF " + second.snapshotId())).isEqualTo("3,4");
    assertThat(ids(spark, TABLE + " VERSION AS OF " + first.snapshotId())).isEqualTo("1,2,3");
  }

  @Test
  void aPublishFromAStaleBaseFailsInsteadOfDetachingTheOtherRunsCommit(SparkSession spark) {
    String table = "gridata.modes.race";
    spark.sql(
        "CREATE TABLE "
            + table
            + " (id int, ts timestamp) USING iceberg PARTITIONED BY (months(ts))");
    StagedWrite first =
        new StagedWrite(spark, table, RunId.of("race-1"), Map.of("gridata.run-id", "race-1"));
    StagedWrite second =
        new StagedWrite(spark, table, RunId.of("race-2"), Map.of("gridata.run-id", "race-2"));
    first.write(rows(spark, "(1, '2026-01-05')"), WriteMode.APPEND);
    second.write(rows(spark, "(2, '2026-01-06')"), WriteMode.APPEND);
    Snapshot published = first.publish();

    assertThatThrownBy(second::publish)
        .isInstanceOf(StaleRefException.class)
        .hasMessageContaining("main is not an ancestor");
    assertThat(ids(spark, table)).isEqualTo("1");
    assertThat(IcebergTables.load(spark, table).currentSnapshot().snapshotId())
        .isEqualTo(published.snapshotId());
    assertThat(second.head()).as("the losing run's rows stay on its branch").isPresent();
  }

  private static Dataset<Row> rows(SparkSession spark, String values) {
    return spark.sql(
        "SELECT id, CAST(ts AS timestamp) AS ts FROM VALUES " + values + " AS t(id, ts)");
  }

  private static Snapshot stage(SparkSession spark, String runId, WriteMode mode, String values) {
    Dataset<Row> rows =
        spark.sql("SELECT id, CAST(ts AS timestamp) AS ts FROM VALUES " + values + " AS t(id, ts)");
    String before = ids(spark, TABLE);
    StagedWrite write =
        new StagedWrite(spark, TABLE, RunId.of(runId), Map.of("gridata.run-id", runId));
    write.write(rows, mode);
    assertThat(ids(spark, TABLE)).as("main unchanged before publish").isEqualTo(before);
    return write.publish();
  }

  private static String ids(SparkSession spark, String table) {
    return String.join(
        ",",
        spark
            .sql("SELECT id FROM " + table + " ORDER BY id")
            .as(Encoders.INT())
            .collectAsList()
            .stream()
            .map(String::valueOf)
            .toList());
  }
}
