package io.gridata.spark.config;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Where Gridata's tables live: one Iceberg catalog registered in Spark under {@link #name()}.
 *
 * <p>Settings (all optional but as noted), by key, environment variable and Spark setting:
 *
 * <table>
 *   <caption>Catalog settings</caption>
 *   <tr><th>key</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code gridata.catalog.name}</td><td>Spark catalog name</td><td>{@code gridata}</td></tr>
 *   <tr><td>{@code gridata.catalog.type}</td><td>{@code rest}, {@code jdbc} or {@code hadoop}</td>
 *       <td>{@code rest}</td></tr>
 *   <tr><td>{@code gridata.catalog.uri}</td><td>REST URL or JDBC URL</td>
 *       <td>required for REST; for JDBC a SQLite file in a local warehouse</td></tr>
 *   <tr><td>{@code gridata.catalog.warehouse}</td><td>warehouse location ({@code s3://...} or a
 *       path)</td><td>required for JDBC and Hadoop</td></tr>
 *   <tr><td>{@code gridata.catalog.jdbc.user}, {@code .jdbc.password}</td><td>JDBC credentials</td>
 *       <td>none</td></tr>
 *   <tr><td>{@code gridata.s3.endpoint}</td><td>S3-compatible endpoint (MinIO)</td>
 *       <td>AWS</td></tr>
 *   <tr><td>{@code gridata.s3.path-style}</td><td>path-style addressing</td>
 *       <td>{@code true} when an endpoint is set</td></tr>
 *   <tr><td>{@code gridata.s3.access-key}, {@code gridata.s3.secret-key}</td>
 *       <td>static credentials</td><td>the AWS default provider chain</td></tr>
 *   <tr><td>{@code gridata.s3.region}</td><td>signing region</td><td>{@code us-east-1} with an
 *       endpoint</td></tr>
 * </table>
 *
 * <p>The environment variable of a key is its upper-case form with dots and dashes as underscores
 * ({@code GRIDATA_CATALOG_URI}); the Spark setting is the key prefixed with {@code spark.} ({@code
 * spark.gridata.catalog.uri}). Later sources win: file, then environment, then Spark settings, then
 * explicit overrides.
 *
 * @param name Spark catalog name, the first part of {@code name.namespace.table}
 * @param type catalog implementation
 * @param uri REST or JDBC URL (empty for Hadoop)
 * @param warehouse warehouse location (empty lets a REST server choose)
 * @param jdbcUser JDBC user
 * @param jdbcPassword JDBC password (never printed)
 * @param s3 S3FileIO settings, empty to use Iceberg's default FileIO for the warehouse
 */
public record CatalogConfig(
    String name,
    CatalogType type,
    Optional<String> uri,
    Optional<String> warehouse,
    Optional<String> jdbcUser,
    Optional<String> jdbcPassword,
    Optional<S3Settings> s3) {

  /** Prefix of every key. */
  public static final String PREFIX = "gridata.";

  /** The keys {@link #resolve} reads; any other {@code gridata.catalog.}/{@code s3.} key fails. */
  public static final List<String> KEYS =
      List.of(
          "gridata.catalog.name",
          "gridata.catalog.type",
          "gridata.catalog.uri",
          "gridata.catalog.warehouse",
          "gridata.catalog.jdbc.user",
          "gridata.catalog.jdbc.password",
          "gridata.s3.endpoint",
          "gridata.s3.path-style",
          "gridata.s3.access-key",
          "gridata.s3.secret-key",
          "gridata.s3.region");

  /** Validates. */
  public CatalogConfig {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(uri, "uri is null");
    requireNonNull(warehouse, "warehouse is null");
    requireNonNull(jdbcUser, "jdbcUser is null");
    requireNonNull(jdbcPassword, "jdbcPassword is null");
    requireNonNull(s3, "s3 is null");
    InvalidInputException.check(
        name.matches("[A-Za-z_][A-Za-z0-9_]*"),
        "Invalid gridata.catalog.name '%s': use letters, digits and underscores",
        name);
    switch (type) {
      case REST ->
          InvalidInputException.check(
              uri.isPresent(),
              "Missing gridata.catalog.uri (env GRIDATA_CATALOG_URI): a REST catalog needs its"
                  + " URL, e.g. http://localhost:8181; or set gridata.catalog.type=jdbc with a"
                  + " gridata.catalog.warehouse path for the embedded catalog");
      case JDBC ->
          InvalidInputException.check(
              warehouse.isPresent(),
              "Missing gridata.catalog.warehouse (env GRIDATA_CATALOG_WAREHOUSE): a JDBC catalog"
                  + " needs the location of its data files");
      case HADOOP ->
          InvalidInputException.check(
              warehouse.isPresent(),
              "Missing gridata.catalog.warehouse (env GRIDATA_CATALOG_WAREHOUSE): a Hadoop catalog"
                  + " keeps its tables under the warehouse");
    }
  }

  /**
   * The embedded default: a JDBC catalog on a SQLite file {@code catalog.db} in {@code
   * warehouseDir} (created if missing), data files under {@code warehouseDir}, named {@code
   * gridata}.
   */
  public static CatalogConfig embedded(Path warehouseDir) {
    Path dir = warehouseDir.toAbsolutePath();
    return new CatalogConfig(
        "gridata",
        CatalogType.JDBC,
        Optional.of(sqliteUri(dir)),
        Optional.of(dir.toUri().toString()),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Reads the settings of {@code file} (Java properties), then the environment, then the {@code
   * spark.gridata.*} settings of {@code spark}, then {@code overrides}.
   *
   * @param file a properties file, or empty
   * @param environment usually {@code System.getenv()}
   * @param sparkConf the session's settings ({@code spark.conf().getAll()}), or an empty map
   * @param overrides explicit values by key, e.g. from command-line flags
   * @throws InvalidInputException naming the key when a value is missing, unknown or malformed
   */
  public static CatalogConfig resolve(
      Optional<Path> file,
      Map<String, String> environment,
      Map<String, String> sparkConf,
      Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    file.ifPresent(f -> values.putAll(gridataKeys(readProperties(f), "", f.toString())));
    for (String key : KEYS) {
      String env = environment.get(envName(key));
      if (env != null && !env.isBlank()) {
        values.put(key, env);
      }
    }
    values.putAll(gridataKeys(sparkConf, "spark.", "the Spark settings"));
    values.putAll(gridataKeys(overrides, "", "the overrides"));
    return fromValues(values);
  }

  /** The environment variable read for {@code key}, e.g. {@code GRIDATA_CATALOG_URI}. */
  public static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Spark settings that register this catalog ({@code spark.sql.catalog.<name>...}). Pass them to
   * {@code SparkSession.Builder.config}, to {@code spark-submit --conf}, or let {@link #register}
   * set them on a running session.
   */
  public Map<String, String> sparkConf() {
    String prefix = "spark.sql.catalog." + name;
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
    icebergProperties().forEach((k, v) -> conf.put(prefix + "." + k, v));
    return conf;
  }

  /**
   * The Iceberg catalog properties of this catalog ({@code type}, {@code uri}, {@code warehouse},
   * JDBC and S3FileIO settings): what {@link #sparkConf()} puts under {@code
   * spark.sql.catalog.<name>.}, and what {@link #newCatalog()} builds a catalog from.
   */
  public Map<String, String> icebergProperties() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("type", type.icebergName());
    uri.ifPresent(u -> conf.put("uri", u));
    warehouse.ifPresent(w -> conf.put("warehouse", w));
    if (type == CatalogType.JDBC) {
      // V1 adds view support; the embedded SQLite catalog is created with it
      conf.put("jdbc.schema-version", "V1");
      jdbcUser.ifPresent(u -> conf.put("jdbc.user", u));
      jdbcPassword.ifPresent(p -> conf.put("jdbc.password", p));
    }
    s3.ifPresent(s -> conf.putAll(s.icebergProperties()));
    return conf;
  }

  /**
   * This catalog through Iceberg's Java API, without Spark (table operations, the CLI's snapshot
   * commands). Close it when done.
   */
  public org.apache.iceberg.catalog.Catalog newCatalog() {
    return org.apache.iceberg.CatalogUtil.buildIcebergCatalog(
        name, icebergProperties(), new org.apache.hadoop.conf.Configuration());
  }

  /**
   * Registers the catalog on a running session (library use: the application built the session). A
   * setting this config owns (the catalog class, {@code type}, {@code uri}, {@code warehouse}, the
   * JDBC and S3FileIO settings of {@link #icebergProperties()}) that an earlier catalog of the same
   * name left in the session and this one does not have (a REST catalog's {@code io-impl}, say) is
   * removed, so the session sees this catalog only. Any other {@code spark.sql.catalog.<name>.*}
   * setting is a tuning property the application or {@code spark-submit --conf} gave (S3FileIO's
   * {@code http-client.apache.max-connections}, a REST catalog's {@code header.*}) and is kept:
   * Iceberg passes it to the catalog and its FileIO. Register before the session first uses the
   * catalog, since Spark keeps the instance it loaded. Iceberg's SQL extensions cannot be added at
   * run time; without them, {@code CALL} procedures and branch DDL fail, so this refuses a session
   * that lacks them.
   *
   * @throws InvalidInputException when {@code spark.sql.extensions} lacks Iceberg's extensions
   */
  public void register(SparkSession spark) {
    requireIcebergExtensions(spark.conf().get("spark.sql.extensions", ""));
    Map<String, String> conf = sparkConf();
    String prefix = "spark.sql.catalog." + name;
    // the keys through Scala's own iterator: the Java converters of Scala 2.12 and 2.13 differ
    List<String> stale = new ArrayList<>();
    scala.collection.Iterator<String> keys = spark.conf().getAll().keysIterator();
    while (keys.hasNext()) {
      String key = keys.next();
      if ((key.equals(prefix) || OWNED_PROPERTIES.contains(property(prefix, key)))
          && !conf.containsKey(key)) {
        stale.add(key);
      }
    }
    stale.forEach(key -> spark.conf().unset(key));
    conf.forEach((k, v) -> spark.conf().set(k, v));
  }

  /** The catalog properties a config sets or leaves out on purpose; others are the user's. */
  private static final Set<String> OWNED_PROPERTIES =
      Stream.concat(
              Stream.of(
                  "type",
                  "catalog-impl",
                  "uri",
                  "warehouse",
                  "jdbc.schema-version",
                  "jdbc.user",
                  "jdbc.password"),
              S3Settings.ICEBERG_KEYS.stream())
          .collect(Collectors.toUnmodifiableSet());

  /** The catalog property a session setting names, or "" when it is not one of this catalog's. */
  private static String property(String prefix, String key) {
    return key.startsWith(prefix + ".") ? key.substring(prefix.length() + 1) : "";
  }

  static void requireIcebergExtensions(String extensions) {
    InvalidInputException.check(
        extensions.contains(SparkDefaults.ICEBERG_EXTENSIONS),
        "The SparkSession lacks Iceberg's SQL extensions: build it with spark.sql.extensions=%s",
        SparkDefaults.ICEBERG_EXTENSIONS);
  }

  /** Adds this catalog and Iceberg's SQL extensions to a session being built. */
  public SparkSession.Builder configure(SparkSession.Builder builder) {
    builder.config("spark.sql.extensions", SparkDefaults.ICEBERG_EXTENSIONS);
    sparkConf().forEach(builder::config);
    return builder;
  }

  /** Names the catalog, never its secrets. */
  @Override
  public String toString() {
    return "CatalogConfig[name="
        + name
        + ", type="
        + type.icebergName()
        + ", uri="
        + uri.orElse("-")
        + ", warehouse="
        + warehouse.orElse("-")
        + ", jdbcUser="
        + jdbcUser.orElse("-")
        + ", jdbcPassword="
        + (jdbcPassword.isPresent() ? "***" : "-")
        + ", s3="
        + s3.map(S3Settings::toString).orElse("-")
        + "]";
  }

  private static CatalogConfig fromValues(Map<String, String> values) {
    CatalogType type =
        CatalogType.parse(
            values.getOrDefault("gridata.catalog.type", "rest"), "gridata.catalog.type");
    Optional<String> warehouse = value(values, "gridata.catalog.warehouse");
    Optional<String> uri = value(values, "gridata.catalog.uri");
    if (type == CatalogType.JDBC && uri.isEmpty() && warehouse.isPresent()) {
      Optional<Path> local = localPath(warehouse.get());
      InvalidInputException.check(
          local.isPresent(),
          "Missing gridata.catalog.uri: a JDBC catalog with the remote warehouse '%s' needs a"
              + " JDBC URL (e.g. jdbc:postgresql://host/db)",
          warehouse.get());
      uri = Optional.of(sqliteUri(local.get()));
    }
    if (warehouse.isPresent()) {
      warehouse =
          Optional.of(
              localPath(warehouse.get()).map(p -> p.toUri().toString()).orElse(warehouse.get()));
    }
    return new CatalogConfig(
        value(values, "gridata.catalog.name").orElse("gridata"),
        type,
        uri,
        warehouse,
        value(values, "gridata.catalog.jdbc.user"),
        value(values, "gridata.catalog.jdbc.password"),
        S3Settings.from(values));
  }

  /**
   * The SQLite file {@code catalog.db} in {@code dir}, creating {@code dir} (SQLite creates the
   * file but not missing directories: "unable to open database file").
   */
  private static String sqliteUri(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the warehouse directory " + dir, e);
    }
    return "jdbc:sqlite:" + dir.resolve("catalog.db");
  }

  /** A local directory named by a plain path or a {@code file:} URI. */
  private static Optional<Path> localPath(String location) {
    if (location.startsWith("file:")) {
      return Optional.of(Path.of(java.net.URI.create(location)).toAbsolutePath());
    }
    if (location.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(location).toAbsolutePath());
  }

  static Optional<String> value(Map<String, String> values, String key) {
    return Optional.ofNullable(values.get(key)).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static Map<String, String> gridataKeys(
      Map<String, String> source, String prefix, String origin) {
    Map<String, String> out = new LinkedHashMap<>();
    source.forEach(
        (k, v) -> {
          if (!k.startsWith(prefix + "gridata.catalog.") && !k.startsWith(prefix + "gridata.s3.")) {
            return;
          }
          String key = k.substring(prefix.length());
          InvalidInputException.check(
              KEYS.contains(key), "Unknown setting '%s' in %s: known keys are %s", k, origin, KEYS);
          out.put(key, v);
        });
    return out;
  }

  private static Map<String, String> readProperties(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InvalidInputException("Cannot read config file %s: it does not exist", file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read config file " + file, e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(k -> out.put(k, properties.getProperty(k)));
    return out;
  }
}
