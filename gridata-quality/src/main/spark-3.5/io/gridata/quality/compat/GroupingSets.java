package io.gridata.quality.compat;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Row counts per grouping set on Spark 3.5, whose {@link Dataset} has no {@code groupingSets}: the
 * same aggregation in SQL ({@code GROUP BY all GROUPING SETS (...)}) over a temporary view of the
 * data that lives only while the query is analysed.
 */
public final class GroupingSets {
  private GroupingSets() {}

  /**
   * One aggregation of {@code data} grouped by each of {@code sets} (lists of columns of {@code
   * all}): the columns of {@code all} (null where not grouped), the row count as {@code countAs}
   * and Spark's {@code grouping_id()} over {@code all} as {@code setAs}.
   */
  public static Dataset<Row> countRows(
      Dataset<Row> data, List<String> all, List<List<String>> sets, String countAs, String setAs) {
    String view = "gridata_grouping_sets_" + UUID.randomUUID().toString().replace('-', '_');
    String columns = quoted(all);
    String groupingSets =
        sets.stream().map(s -> "(" + quoted(s) + ")").collect(Collectors.joining(", "));
    data.createOrReplaceTempView(view);
    try {
      // spark.sql analyses eagerly: the plan holds the view's query, so the view can go right away
      return data.sparkSession()
          .sql(
              "SELECT "
                  + columns
                  + ", count(1) AS "
                  + quoted(List.of(countAs))
                  + ", grouping_id() AS "
                  + quoted(List.of(setAs))
                  + " FROM "
                  + view
                  + " GROUP BY "
                  + columns
                  + " GROUPING SETS ("
                  + groupingSets
                  + ")");
    } finally {
      data.sparkSession().catalog().dropTempView(view);
    }
  }

  private static String quoted(List<String> names) {
    return names.stream()
        .map(n -> "`" + n.replace("`", "``") + "`")
        .collect(Collectors.joining(", "));
  }
}
