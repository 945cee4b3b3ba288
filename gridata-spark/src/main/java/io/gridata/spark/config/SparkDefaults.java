package io.gridata.spark.config;

/** Spark settings Gridata relies on. */
public final class SparkDefaults {
  /** Iceberg's SQL extensions (branches, {@code CALL} procedures, {@code MERGE}). */
  public static final String ICEBERG_EXTENSIONS =
      "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions";

  private SparkDefaults() {}
}
