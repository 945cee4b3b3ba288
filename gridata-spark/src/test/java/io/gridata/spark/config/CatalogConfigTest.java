package io.gridata.spark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogConfigTest {

  @Test
  void restIsTheDefaultAndMapsToSparkCatalogSettingsWithS3FileIo() {
    CatalogConfig config =
        CatalogConfig.resolve(
            Optional.empty(),
            Map.of(
                "GRIDATA_CATALOG_URI", "http://rest:8181",
                "GRIDATA_S3_ENDPOINT", "http://minio:9000",
                "GRIDATA_S3_ACCESS_KEY", "admin",
                "GRIDATA_S3_SECRET_KEY", "s3cr3t"),
            Map.of(),
            Map.of());

    assertThat(config.type()).isEqualTo(CatalogType.REST);
    assertThat(config.sparkConf())
        .containsEntry("spark.sql.catalog.gridata", "org.apache.iceberg.spark.SparkCatalog")
        .containsEntry("spark.sql.catalog.gridata.type", "rest")
        .containsEntry("spark.sql.catalog.gridata.uri", "http://rest:8181")
        .containsEntry("spark.sql.catalog.gridata.io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
        .containsEntry("spark.sql.catalog.gridata.s3.endpoint", "http://minio:9000")
        .containsEntry("spark.sql.catalog.gridata.s3.path-style-access", "true")
        .containsEntry("spark.sql.catalog.gridata.client.region", "us-east-1")
        .containsEntry("spark.sql.catalog.gridata.s3.access-key-id", "admin")
        .containsEntry("spark.sql.catalog.gridata.s3.secret-access-key", "s3cr3t");
    assertThat(config.toString()).contains("http://rest:8181").doesNotContain("s3cr3t");
    // register() replaces exactly these when a catalog of the same name is registered again
    assertThat(S3Settings.ICEBERG_KEYS)
        .containsAll(config.s3().orElseThrow().icebergProperties().keySet());
  }

  @Test
  void laterSourcesWinFileThenEnvironmentThenSparkThenOverrides(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("gridata.properties");
    Files.writeString(
        file,
        "gridata.catalog.name=fromfile\n"
            + "gridata.catalog.type=rest\n"
            + "gridata.catalog.uri=http://file\n"
            + "gridata.catalog.warehouse=s3://file-wh/\n");

    CatalogConfig config =
        CatalogConfig.resolve(
            Optional.of(file),
            Map.of("GRIDATA_CATALOG_URI", "http://env", "GRIDATA_CATALOG_NAME", "fromenv"),
            Map.of("spark.gridata.catalog.uri", "http://spark", "spark.app.name", "x"),
            Map.of("gridata.catalog.name", "flag"));

    assertThat(config.name()).isEqualTo("flag");
    assertThat(config.uri()).contains("http://spark");
    assertThat(config.warehouse()).contains("s3://file-wh/");
    assertThat(config.s3()).isEmpty();
  }

  @Test
  void jdbcWithALocalWarehouseDefaultsToASqliteFileInIt(@TempDir Path dir) {
    CatalogConfig config =
        CatalogConfig.resolve(
            Optional.empty(),
            Map.of(),
            Map.of(),
            Map.of("gridata.catalog.type", "JDBC", "gridata.catalog.warehouse", dir.toString()));

    assertThat(config).isEqualTo(CatalogConfig.embedded(dir));
    assertThat(config.sparkConf())
        .containsEntry("spark.sql.catalog.gridata.type", "jdbc")
        .containsEntry(
            "spark.sql.catalog.gridata.uri", "jdbc:sqlite:" + dir.toAbsolutePath() + "/catalog.db")
        .containsEntry("spark.sql.catalog.gridata.warehouse", dir.toUri().toString())
        .containsEntry("spark.sql.catalog.gridata.jdbc.schema-version", "V1")
        .doesNotContainKey("spark.sql.catalog.gridata.io-impl");
  }

  @Test
  void badInputIsRefusedWithTheKeyAndWhatToDo(@TempDir Path dir) {
    assertThatThrownBy(() -> resolve(Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("gridata.catalog.uri")
        .hasMessageContaining("gridata.catalog.type=jdbc");
    assertThatThrownBy(() -> resolve(Map.of("gridata.catalog.type", "hive")))
        .hasMessageContaining("Invalid gridata.catalog.type 'hive'")
        .hasMessageContaining("[rest, jdbc, hadoop]");
    assertThatThrownBy(() -> resolve(Map.of("gridata.catalog.type", "hadoop")))
        .hasMessageContaining("Missing gridata.catalog.warehouse");
    assertThatThrownBy(
            () ->
                resolve(
                    Map.of(
                        "gridata.catalog.type", "jdbc", "gridata.catalog.warehouse", "s3://wh/")))
        .hasMessageContaining("needs a JDBC URL");
    assertThatThrownBy(() -> resolve(Map.of("gridata.catalog.urii", "http://x")))
        .hasMessageContaining("Unknown setting 'gridata.catalog.urii'");
    assertThatThrownBy(
            () ->
                resolve(Map.of("gridata.catalog.uri", "http://x", "gridata.s3.access-key", "only")))
        .hasMessageContaining("gridata.s3.secret-key");
    assertThatThrownBy(
            () ->
                resolve(Map.of("gridata.catalog.uri", "http://x", "gridata.s3.path-style", "yes")))
        .hasMessageContaining("Invalid gridata.s3.path-style 'yes'");
    assertThatThrownBy(
            () ->
                CatalogConfig.resolve(
                    Optional.of(dir.resolve("missing.properties")), Map.of(), Map.of(), Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("missing.properties")
        .hasMessageContaining("does not exist");
    assertThatThrownBy(
            () -> resolve(Map.of("gridata.catalog.uri", "x", "gridata.catalog.name", "a-b")))
        .hasMessageContaining("Invalid gridata.catalog.name 'a-b'");
  }

  @Test
  void aSessionWithoutIcebergExtensionsIsRefused() {
    assertThatThrownBy(() -> CatalogConfig.requireIcebergExtensions("com.example.Other"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("spark.sql.extensions=" + SparkDefaults.ICEBERG_EXTENSIONS);
    CatalogConfig.requireIcebergExtensions("x," + SparkDefaults.ICEBERG_EXTENSIONS);
  }

  @Test
  void environmentNamesFollowTheKeys() {
    assertThat(CatalogConfig.envName("gridata.s3.path-style")).isEqualTo("GRIDATA_S3_PATH_STYLE");
  }

  private static CatalogConfig resolve(Map<String, String> overrides) {
    return CatalogConfig.resolve(Optional.empty(), Map.of(), Map.of(), overrides);
  }
}
