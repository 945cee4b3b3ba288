package io.gridata.quality.compat;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.grouping_id;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Row counts per grouping set on Spark 4: {@link Dataset#groupingSets}. */
public final class GroupingSets {
  private GroupingSets() {}

  /**
   * One aggregation of {@code data} grouped by each of {@code sets} (lists of columns of {@code
   * all}): the columns of {@code all} (null where not grouped), the row count as {@code countAs}
   * and Spark's {@code grouping_id()} over {@code all} as {@code setAs}.
   */
  public static Dataset<Row> countRows(
      Dataset<Row> data, List<String> all, List<List<String>> sets, String countAs, String setAs) {
    List<scala.collection.immutable.Seq<Column>> scalaSets = new ArrayList<>();
    for (List<String> set : sets) {
      scalaSets.add(scala.jdk.javaapi.CollectionConverters.asScala(columns(set)).toList());
    }
    return data.groupingSets(
            scala.jdk.javaapi.CollectionConverters.asScala(scalaSets).toList(),
            columns(all).toArray(new Column[0]))
        .agg(count(lit(1)).as(countAs), grouping_id().as(setAs));
  }

  private static List<Column> columns(List<String> names) {
    return names.stream().map(n -> col(n)).toList();
  }
}
