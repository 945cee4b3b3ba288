package io.gridata.spark.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.testkit.Backend;
import io.gridata.testkit.CatalogEndpoint;
import io.gridata.testkit.junit.LakehouseTest;
import io.gridata.testkit.spark.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registers catalogs from a {@link CatalogConfig} on running sessions and writes through them. */
@LakehouseTest(backend = Backend.LOCAL)
@Tag("integration")
class CatalogRegistrationTest {

  @Test
  void embeddedJdbcCatalogOnASqliteFileHoldsAMonthPartitionedTable(@TempDir Path dir) {
    SparkSession spark = SparkSessions.shared().newSession();
    CatalogConfig config =
        CatalogConfig.resolve(
            Optional.empty(),
            Map.of(),
            Map.of(),
            Map.of(
                "gridata.catalog.name", "embedded",
                "gridata.catalog.type", "jdbc",
                "gridata.catalog.warehouse", dir.toString()));

    config.register(spark);
    spark.sql("CREATE NAMESPACE IF NOT EXISTS embedded.ns");
    spark.sql(
        "CREATE TABLE embedded.ns.t (id BIGINT, ts TIMESTAMP) USING iceberg"
            + " PARTITIONED BY (months(ts))");
    spark.sql("INSERT INTO embedded.ns.t VALUES (1, TIMESTAMP '2026-01-05 10:00:00')");

    assertThat(spark.table("embedded.ns.t").count()).isEqualTo(1);
    assertThat(dir.resolve("catalog.db")).exists();
    assertThat(Files.exists(dir.resolve("ns/t/metadata"))).isTrue();
  }

  @Test
  void aCatalogRegisteredAgainUnderTheSameNameKeepsNoSettingOfTheEarlierOne(@TempDir Path dir) {
    SparkSession spark = SparkSessions.shared().newSession();
    CatalogConfig.resolve(
            Optional.empty(),
            Map.of(
                "GRIDATA_CATALOG_URI", "http://rest:8181", "GRIDATA_S3_ENDPOINT", "http://s3:9000"),
            Map.of(),
            Map.of())
        .register(spark);

    CatalogConfig.embedded(dir).register(spark);

    assertThat(spark.conf().get("spark.sql.catalog.gridata.type")).isEqualTo("jdbc");
    assertThat(spark.conf().getOption("spark.sql.catalog.gridata.io-impl").isDefined())
        .as("the REST catalog's S3FileIO would read the local warehouse as S3")
        .isFalse();
    assertThat(spark.conf().getOption("spark.sql.catalog.gridata.s3.endpoint").isDefined())
        .isFalse();
  }

  @Test
  void tuningSettingsOfTheCatalogGivenWithSparkConfReachS3FileIo(CatalogEndpoint catalog) {
    Map<String, String> client = catalog.clientProperties();
    SparkSession spark = SparkSessions.shared().newSession();
    // what spark-submit --conf spark.sql.catalog.tuned.<iceberg property>=... leaves in the session
    spark.conf().set("spark.sql.catalog.tuned.http-client.apache.max-connections", "200");
    spark.conf().set("spark.sql.catalog.tuned.s3.multipart.num-threads", "3");
    // a setting Gridata owns, left by an earlier catalog of the same name: replaced, not kept
    spark.conf().set("spark.sql.catalog.tuned.warehouse", "s3://elsewhere/");

    CatalogConfig.resolve(
            Optional.empty(),
            Map.of(),
            Map.of(),
            Map.of(
                "gridata.catalog.name", "tuned",
                "gridata.catalog.uri", client.get("uri"),
                "gridata.s3.endpoint", client.get("s3.endpoint"),
                "gridata.s3.access-key", client.get("s3.access-key-id"),
                "gridata.s3.secret-key", client.get("s3.secret-access-key")))
        .register(spark);
    spark.sql("CREATE NAMESPACE IF NOT EXISTS tuned.tuning");
    spark.sql("CREATE TABLE IF NOT EXISTS tuned.tuning.t (id BIGINT) USING iceberg");
    spark.sql("INSERT INTO tuned.tuning.t VALUES (1)");

    org.apache.iceberg.Table table =
        ((org.apache.iceberg.spark.SparkCatalog)
                spark.sessionState().catalogManager().catalog("tuned"))
            .icebergCatalog()
            .loadTable(org.apache.iceberg.catalog.TableIdentifier.of("tuning", "t"));
    assertThat(table.io().properties())
        .containsEntry("http-client.apache.max-connections", "200")
        .containsEntry("s3.multipart.num-threads", "3");
    assertThat(spark.conf().getOption("spark.sql.catalog.tuned.warehouse").isDefined())
        .as("gridata.catalog.warehouse is not set: the earlier catalog's warehouse must go")
        .isFalse();
    assertThat(spark.table("tuned.tuning.t").count()).isEqualTo(1);
  }

  @Test
  void restCatalogWithS3FileIoFromEnvironmentStyleSettings(CatalogEndpoint catalog) {
    Map<String, String> client = catalog.clientProperties();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GRIDATA_CATALOG_NAME", "viarest");
    env.put("GRIDATA_CATALOG_URI", client.get("uri"));
    env.put("GRIDATA_S3_ENDPOINT", client.get("s3.endpoint"));
    env.put("GRIDATA_S3_ACCESS_KEY", client.get("s3.access-key-id"));
    env.put("GRIDATA_S3_SECRET_KEY", client.get("s3.secret-access-key"));
    SparkSession spark = SparkSessions.shared().newSession();

    CatalogConfig.resolve(Optional.empty(), env, Map.of(), Map.of()).register(spark);
    spark.sql("CREATE NAMESPACE IF NOT EXISTS viarest.reg");
    spark.sql("CREATE TABLE viarest.reg.t (id BIGINT) USING iceberg");
    spark.sql("INSERT INTO viarest.reg.t VALUES (7), (8)");

    assertThat(spark.table("viarest.reg.t").count()).isEqualTo(2);
  }
}
