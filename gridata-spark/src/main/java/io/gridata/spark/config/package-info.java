/**
 * Typed configuration of the Iceberg catalog Gridata writes to, resolved from a properties file,
 * the environment and {@code spark.gridata.*} Spark settings, and turned into Spark catalog
 * settings.
 */
package io.gridata.spark.config;
