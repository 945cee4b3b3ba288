package io.gridata.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions of the servers the testkit runs, filled in from the parent pom at build time. */
public final class Versions {
  private static final Properties VERSIONS = load();

  private Versions() {}

  /** The s3proxy version the S3 server runs. */
  public static String s3proxy() {
    return get("s3proxy.version");
  }

  /** The Kafka broker version (KRaft) the testkit runs. */
  public static String kafka() {
    return get("kafka.version");
  }

  /** The Trino server version. */
  public static String trino() {
    return get("trino.version");
  }

  /** The Iceberg version the testkit's REST catalog serves (the parent pom's). */
  public static String iceberg() {
    return get("iceberg.version");
  }

  /** The AWS SDK v2 version of the REST catalog's S3FileIO. */
  public static String awsSdk() {
    return get("awssdk.version");
  }

  /** The Jetty 11 version the REST catalog is served by. */
  public static String jetty() {
    return get("jetty11.version");
  }

  /** The SQLite JDBC driver version of the REST catalog's backing catalog. */
  public static String sqliteJdbc() {
    return get("sqlite-jdbc.version");
  }

  private static String get(String key) {
    String value = VERSIONS.getProperty(key);
    if (value == null || value.startsWith("${")) {
      throw new IllegalStateException(
          "Cannot read " + key + " from the testkit's versions.properties: not filtered at build");
    }
    return value;
  }

  private static Properties load() {
    Properties versions = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
      if (in == null) {
        throw new IllegalStateException("Cannot read testkit versions.properties: not packaged");
      }
      versions.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return versions;
  }
}
