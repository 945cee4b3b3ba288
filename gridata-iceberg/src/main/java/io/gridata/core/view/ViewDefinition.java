package io.gridata.core.view;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * One view as Gridata ships it: its name, what it answers ({@code comment}), its columns and one
 * SQL text per engine dialect ({@code spark}, {@code trino}). Applied as one Iceberg view version
 * that holds every dialect, so each engine reads the same view object with the SQL written for it.
 *
 * @param name view name within its namespace (letters, digits, underscores)
 * @param comment what the view answers; stored as the view's {@code comment} property
 * @param schema the view's columns: the type each dialect's query must produce (both engines check
 *     the query's output against it when they read the view)
 * @param queries SQL per dialect (lower-case dialect name to query text), at least one
 * @param source where the definition came from (a class-path resource path), for people reading the
 *     view's properties
 */
public record ViewDefinition(
    String name, String comment, Schema schema, Map<String, String> queries, String source) {

  /** Validates and copies; dialect names are lower-cased. */
  public ViewDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(comment, "comment is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(queries, "queries is null");
    requireNonNull(source, "source is null");
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "Invalid view name '" + name + "': use lower-case letters, digits and underscores");
    }
    if (queries.isEmpty()) {
      throw new IllegalArgumentException("View " + name + " has no query: give one per dialect");
    }
    if (schema.columns().isEmpty()) {
      throw new IllegalArgumentException("View " + name + " has no columns");
    }
    SortedMap<String, String> byDialect = new TreeMap<>();
    queries.forEach(
        (dialect, sql) -> {
          requireNonNull(dialect, "dialect is null");
          requireNonNull(sql, "sql is null");
          if (sql.isBlank()) {
            throw new IllegalArgumentException(
                "View " + name + " has a blank " + dialect + " query");
          }
          byDialect.put(dialect.toLowerCase(Locale.ROOT), sql);
        });
    queries = java.util.Collections.unmodifiableSortedMap(byDialect);
  }

  /**
   * A SHA-256 over what makes a view version (columns with their types and docs, and each dialect's
   * SQL), as {@code sha256:<hex>}: equal for equal definitions, whatever their comment or source.
   */
  public String fingerprint() {
    StringBuilder canonical = new StringBuilder();
    for (Types.NestedField column : schema.columns()) {
      canonical
          .append("column\0")
          .append(column.name())
          .append('\0')
          .append(column.type())
          .append('\0')
          .append(column.doc() == null ? "" : column.doc())
          .append('\n');
    }
    queries.forEach(
        (dialect, sql) -> canonical.append("sql\0").append(dialect).append('\0').append(sql));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot fingerprint view " + name + ": no SHA-256", e);
    }
  }

  /** This definition with {@code sql} as the query of {@code dialect} (others kept). */
  public ViewDefinition withQuery(String dialect, String sql) {
    Map<String, String> changed = new TreeMap<>(queries);
    changed.put(requireNonNull(dialect, "dialect is null").toLowerCase(Locale.ROOT), sql);
    return new ViewDefinition(name, comment, schema, changed, source);
  }
}
