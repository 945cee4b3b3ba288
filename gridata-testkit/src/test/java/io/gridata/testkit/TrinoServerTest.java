package io.gridata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridata.testkit.spark.SparkSessions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trino in a child JVM reads what Spark wrote, through the same REST catalog and S3 server. */
@Tag("integration")
class TrinoServerTest {

  @Test
  void trinoReadsATableSparkWroteThroughTheSameCatalog(@TempDir Path dir) throws Exception {
    assumeTrue(TrinoServer.javaHome().isPresent(), TrinoServer::unavailableReason);
    try (LakehouseStack stack = LakehouseStack.start(Backend.LOCAL, dir.resolve("stack"));
        TrinoServer trino =
            new TrinoServer(stack.catalog(), stack.s3()).withDirectory(dir.resolve("trino"))) {
      SparkSession spark = SparkSessions.forCatalog("gridata", stack.catalog());
      spark.sql("CREATE NAMESPACE IF NOT EXISTS gridata.shop");
      spark.sql(
          "CREATE TABLE gridata.shop.sales (id bigint, ts timestamp, amount decimal(12,2))"
              + " USING iceberg PARTITIONED BY (months(ts))");
      spark.sql(
          "INSERT INTO gridata.shop.sales VALUES (1, TIMESTAMP '2026-01-05 10:00:00', 10.00),"
              + " (2, TIMESTAMP '2026-02-20 11:00:00', 5.50)");

      trino.start();
      List<String> rows = new ArrayList<>();
      try (Connection connection = trino.connect();
          Statement statement = connection.createStatement();
          ResultSet rs =
              statement.executeQuery("SELECT id, amount, month(ts) FROM shop.sales ORDER BY id")) {
        while (rs.next()) {
          rows.add(rs.getLong(1) + "|" + rs.getBigDecimal(2) + "|" + rs.getInt(3));
        }
      }

      assertThat(rows).containsExactly("1|10.00|1", "2|5.50|2");
      assertThat(trino.uri().getHost()).isEqualTo("127.0.0.1");
    }
  }
}
