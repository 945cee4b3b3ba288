package io.gridata.core.view;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Views that live in one namespace, as a directory of class-path resources: {@code views.json}
 * names the namespace, the SQL dialects every view has and each view's comment and columns; the SQL
 * of view {@code v} in dialect {@code d} is {@code v.d.sql} beside it.
 *
 * <pre>{@code
 * {"namespace": "serving", "dialects": ["spark", "trino"],
 *  "views": [{"name": "daily_orders_revenue", "comment": "...",
 *             "columns": [{"name": "order_date", "type": "date", "doc": "..."}, ...]}]}
 * }</pre>
 *
 * Column types are Iceberg's type names ({@code string}, {@code long}, {@code decimal(18, 2)},
 * {@code timestamptz}, ...); every column is optional.
 *
 * @param namespace the namespace the views are created in
 * @param views the definitions, in file order
 */
public record ViewSet(Namespace namespace, List<ViewDefinition> views) {

  /** The views Gridata ships for its consumers: {@code serving.*} (see the README). */
  public static final String SERVING = "io/gridata/core/view/serving";

  /** Validates and copies. */
  public ViewSet {
    requireNonNull(namespace, "namespace is null");
    requireNonNull(views, "views is null");
    if (namespace.isEmpty()) {
      throw new IllegalArgumentException("A view set needs a namespace");
    }
    views = List.copyOf(views);
  }

  /** The serving views Gridata ships ({@link #SERVING}). */
  public static ViewSet serving() {
    return fromResources(SERVING, ViewSet.class.getClassLoader());
  }

  /**
   * Reads the view set in resource directory {@code directory} (no leading slash) of {@code
   * loader}.
   *
   * @throws InvalidInputException when {@code views.json} or a SQL file is missing or invalid
   */
  public static ViewSet fromResources(String directory, ClassLoader loader) {
    requireNonNull(directory, "directory is null");
    requireNonNull(loader, "loader is null");
    String index = directory + "/views.json";
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(read(loader, index));
    } catch (IOException e) {
      throw new InvalidInputException(
          "Cannot read view set %s: %s; fix the JSON", index, e.getMessage());
    }
    String namespace = text(root, "namespace", index);
    List<String> dialects = new ArrayList<>();
    for (JsonNode dialect : array(root, "dialects", index)) {
      dialects.add(dialect.asText());
    }
    InvalidInputException.check(
        !dialects.isEmpty(), "Cannot read view set %s: no dialects; list them", index);
    List<ViewDefinition> views = new ArrayList<>();
    for (JsonNode view : array(root, "views", index)) {
      String name = text(view, "name", index);
      List<Types.NestedField> columns = new ArrayList<>();
      int id = 1;
      for (JsonNode column : array(view, "columns", index + " view " + name)) {
        String columnName = text(column, "name", index + " view " + name);
        String typeName = text(column, "type", index + " view " + name);
        Type type;
        try {
          type = Types.fromPrimitiveString(typeName);
        } catch (IllegalArgumentException e) {
          throw new InvalidInputException(
              "Cannot read view %s in %s: column %s has unknown type '%s'; use an Iceberg"
                  + " primitive type name such as string, long, decimal(18, 2), timestamptz",
              name, index, columnName, typeName);
        }
        JsonNode doc = column.get("doc");
        columns.add(
            Types.NestedField.optional(id++, columnName, type, doc == null ? null : doc.asText()));
      }
      Map<String, String> queries = new LinkedHashMap<>();
      for (String dialect : dialects) {
        queries.put(dialect, read(loader, directory + "/" + name + "." + dialect + ".sql"));
      }
      JsonNode comment = view.get("comment");
      try {
        views.add(
            new ViewDefinition(
                name,
                comment == null ? "" : comment.asText(),
                new Schema(columns),
                queries,
                directory + "/" + name));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "Cannot read view %s in %s: %s; fix the definition", name, index, e.getMessage());
      }
    }
    return new ViewSet(Namespace.of(namespace.split("\\.")), views);
  }

  private static String read(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new InvalidInputException(
            "Cannot read view resource %s: not on the class path; add the file (every view"
                + " needs its views.json entry and one SQL file per dialect)",
            resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read view resource " + resource, e);
    }
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    InvalidInputException.check(
        value != null && value.isTextual() && !value.asText().isBlank(),
        "Cannot read %s: \"%s\" is missing or not a string; add it",
        where,
        field);
    return value.asText();
  }

  private static Iterable<JsonNode> array(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    InvalidInputException.check(
        value != null && value.isArray(),
        "Cannot read %s: \"%s\" is missing or not an array; add it",
        where,
        field);
    return value;
  }
}
