package io.gridata.spark.customer360;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.testkit.spark.SparkSessions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The RFM scores from thresholds against the definition computed in plain Java: for every active
 * customer, 1 + floor(5 * (active customers with a strictly worse value) / (active customers)).
 */
class RfmScoresTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("customer_id", DataTypes.StringType, false)
          .add("recency_days", DataTypes.IntegerType, true)
          .add("frequency", DataTypes.LongType, false)
          .add("monetary", DataTypes.createDecimalType(18, 2), false);

  private static SparkSession spark;

  @BeforeAll
  static void spark() {
    spark = SparkSessions.shared();
  }

  @Test
  void scoresEqualTheDefinitionOnRandomValuesWithManyTies() {
    for (long seed : new long[] {1, 2, 3}) {
      Random random = new Random(seed);
      List<Row> rows = new ArrayList<>();
      int customers = 1_500 + random.nextInt(1_000);
      for (int i = 0; i < customers; i++) {
        if (random.nextInt(5) == 0) {
          // inactive: no counted order, no recency, monetary 0.00 like an active one's can be
          rows.add(RowFactory.create("c" + i, null, 0L, new BigDecimal("0.00")));
        } else {
          rows.add(
              RowFactory.create(
                  "c" + i,
                  random.nextInt(400),
                  1L + random.nextInt(random.nextBoolean() ? 3 : 40),
                  BigDecimal.valueOf(random.nextInt(random.nextBoolean() ? 20 : 500_000), 2)));
        }
      }
      assertThat(scored(rows)).as("seed %d", seed).isEqualTo(expected(rows));
    }
  }

  @Test
  void aLoneActiveCustomerScoresOnesAndEqualValuesScoreAlike() {
    List<Row> lone =
        List.of(
            RowFactory.create("a", 3, 2L, new BigDecimal("10.00")),
            RowFactory.create("idle", null, 0L, new BigDecimal("0.00")));
    assertThat(scored(lone)).containsEntry("a", "1/1/1").containsEntry("idle", "null/null/null");

    List<Row> equal = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      equal.add(RowFactory.create("e" + i, 5, 1L, new BigDecimal("9.99")));
    }
    assertThat(scored(equal).values()).containsOnly("1/1/1");
  }

  @Test
  void withoutActiveCustomersEveryScoreIsNull() {
    List<Row> idle =
        List.of(
            RowFactory.create("x", null, 0L, new BigDecimal("0.00")),
            RowFactory.create("y", null, 0L, new BigDecimal("0.00")));
    assertThat(scored(idle))
        .containsOnly(Map.entry("x", "null/null/null"), Map.entry("y", "null/null/null"));
  }

  private static Map<String, String> scored(List<Row> rows) {
    Map<String, String> scores = new HashMap<>();
    for (Row r : RfmScores.add(spark.createDataFrame(rows, SCHEMA)).collectAsList()) {
      scores.put(
          r.getAs("customer_id"),
          r.getAs("r_score") + "/" + r.getAs("f_score") + "/" + r.getAs("m_score"));
    }
    return scores;
  }

  private static Map<String, String> expected(List<Row> rows) {
    List<Row> active = rows.stream().filter(r -> r.getLong(2) > 0).toList();
    Map<String, String> scores = new HashMap<>();
    for (Row r : rows) {
      if (r.getLong(2) == 0) {
        scores.put(r.getString(0), "null/null/null");
        continue;
      }
      long worseR = active.stream().filter(o -> o.getInt(1) > r.getInt(1)).count();
      long worseF = active.stream().filter(o -> o.getLong(2) < r.getLong(2)).count();
      long worseM =
          active.stream().filter(o -> o.getDecimal(3).compareTo(r.getDecimal(3)) < 0).count();
      int n = active.size();
      scores.put(
          r.getString(0),
          (1 + 5 * worseR / n) + "/" + (1 + 5 * worseF / n) + "/" + (1 + 5 * worseM / n));
    }
    return scores;
  }
}
