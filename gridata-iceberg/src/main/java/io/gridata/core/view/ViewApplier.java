package io.gridata.core.view;

import static java.util.Objects.requireNonNull;

import io.gridata.core.GridataException;
import io.gridata.core.GridataVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.catalog.ViewCatalog;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.SQLViewRepresentation;
import org.apache.iceberg.view.View;
import org.apache.iceberg.view.ViewBuilder;
import org.apache.iceberg.view.ViewRepresentation;
import org.apache.iceberg.view.ViewVersion;

/**
 * Creates or updates Iceberg views in a catalog through Iceberg's Java {@link ViewCatalog} API (no
 * Spark, no engine): one view version holds every dialect's SQL, so Spark (dialect {@code spark})
 * and Trino (dialect {@code trino}) read the same view object from a REST catalog.
 *
 * <p>Idempotent: a view whose current version already has the definition's SQL per dialect,
 * columns, default catalog and namespace is left alone (no new version, no new metadata file); a
 * changed definition makes a new version. Every view records what applied it in its properties:
 * {@value #FINGERPRINT} ({@link ViewDefinition#fingerprint()}), {@value #SOURCE} and {@value
 * #GRIDATA_VERSION}.
 *
 * <pre>{@code
 * try (RESTCatalog catalog = ...) {
 *   List<AppliedView> applied = ViewApplier.on(catalog, "gridata").apply(ViewSet.serving());
 * }
 * }</pre>
 */
public final class ViewApplier {
  /** View property: the fingerprint of the definition the current version was made from. */
  public static final String FINGERPRINT = "gridata.view.fingerprint";

  /** View property: the class-path resource the definition came from. */
  public static final String SOURCE = "gridata.view.source";

  /** View property: the Gridata version that last changed the view. */
  public static final String GRIDATA_VERSION = "gridata.version";

  /** View property both Spark and Trino show as the view's comment. */
  public static final String COMMENT = "comment";

  private final Catalog catalog;
  private final ViewCatalog views;
  private final String defaultCatalog;

  private ViewApplier(Catalog catalog, ViewCatalog views, String defaultCatalog) {
    this.catalog = catalog;
    this.views = views;
    this.defaultCatalog = defaultCatalog;
  }

  /**
   * An applier on {@code catalog}. The views' SQL names tables as {@code namespace.table}; each
   * engine resolves them in its catalog called {@code defaultCatalog}, so Spark's and Trino's
   * catalogs on this Iceberg catalog must both carry that name (Gridata's default: {@code
   * gridata}).
   *
   * @throws GridataException when the catalog does not support views
   */
  public static ViewApplier on(Catalog catalog, String defaultCatalog) {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(defaultCatalog, "defaultCatalog is null");
    if (defaultCatalog.isBlank()) {
      throw new IllegalArgumentException("defaultCatalog is blank");
    }
    if (!(catalog instanceof ViewCatalog viewCatalog)) {
      throw new GridataException(
          "Cannot apply views to catalog %s: %s does not support Iceberg views; use a REST"
              + " catalog that serves the view endpoints, or a JDBC catalog",
          catalog.name(), catalog.getClass().getSimpleName());
    }
    return new ViewApplier(catalog, viewCatalog, defaultCatalog);
  }

  /** Applies every view of {@code set}, in order, creating its namespace if missing. */
  public List<AppliedView> apply(ViewSet set) {
    requireNonNull(set, "set is null");
    createNamespaceIfMissing(set.namespace());
    List<AppliedView> applied = new ArrayList<>();
    for (ViewDefinition definition : set.views()) {
      applied.add(apply(set.namespace(), definition));
    }
    return applied;
  }

  /** Applies one view in {@code namespace} (which exists). */
  public AppliedView apply(Namespace namespace, ViewDefinition definition) {
    requireNonNull(namespace, "namespace is null");
    requireNonNull(definition, "definition is null");
    TableIdentifier id = TableIdentifier.of(namespace, definition.name());
    String fingerprint = definition.fingerprint();
    try {
      if (catalog.tableExists(id)) {
        throw new GridataException(
            "Cannot apply view %s to catalog %s: a table of that name exists; drop or rename the"
                + " table (views and tables share one name space)",
            id, catalog.name());
      }
      if (!views.viewExists(id)) {
        try {
          View created = builder(id, namespace, definition, fingerprint).create();
          return new AppliedView(
              id, AppliedView.Change.CREATED, created.currentVersion().versionId(), fingerprint);
        } catch (AlreadyExistsException e) {
          // another apply created it meanwhile: compare with what it created
        }
      }
      View current = views.loadView(id);
      if (!sameVersion(current, namespace, definition)) {
        View replaced = builder(id, namespace, definition, fingerprint).replace();
        return new AppliedView(
            id, AppliedView.Change.REPLACED, replaced.currentVersion().versionId(), fingerprint);
      }
      Map<String, String> wanted = properties(definition, fingerprint);
      boolean stale =
          !Objects.equals(current.properties().get(COMMENT), wanted.get(COMMENT))
              || !Objects.equals(current.properties().get(FINGERPRINT), fingerprint)
              || !Objects.equals(current.properties().get(SOURCE), wanted.get(SOURCE));
      if (stale) {
        var update = current.updateProperties();
        wanted.forEach(update::set);
        update.commit();
        return new AppliedView(
            id,
            AppliedView.Change.PROPERTIES_UPDATED,
            current.currentVersion().versionId(),
            fingerprint);
      }
      return new AppliedView(
          id, AppliedView.Change.UNCHANGED, current.currentVersion().versionId(), fingerprint);
    } catch (UnsupportedOperationException e) {
      throw new GridataException(
          e,
          "Cannot apply view %s to catalog %s: the catalog does not support views (%s); use a"
              + " REST catalog that serves the view endpoints, or set jdbc.schema-version=V1 on a"
              + " JDBC catalog",
          id,
          catalog.name(),
          e.getMessage());
    }
  }

  private void createNamespaceIfMissing(Namespace namespace) {
    if (catalog instanceof SupportsNamespaces namespaces
        && !namespaces.namespaceExists(namespace)) {
      try {
        namespaces.createNamespace(namespace);
      } catch (AlreadyExistsException e) {
        // created meanwhile by another apply
      }
    }
  }

  private ViewBuilder builder(
      TableIdentifier id, Namespace namespace, ViewDefinition definition, String fingerprint) {
    ViewBuilder builder =
        views
            .buildView(id)
            .withSchema(definition.schema())
            .withDefaultCatalog(defaultCatalog)
            .withDefaultNamespace(namespace)
            .withProperties(properties(definition, fingerprint));
    definition.queries().forEach(builder::withQuery);
    return builder;
  }

  private static Map<String, String> properties(ViewDefinition definition, String fingerprint) {
    Map<String, String> properties = new TreeMap<>();
    properties.put(COMMENT, definition.comment());
    properties.put(FINGERPRINT, fingerprint);
    properties.put(SOURCE, definition.source());
    properties.put(GRIDATA_VERSION, GridataVersion.get());
    return properties;
  }

  /** True when the view's current version already holds {@code definition}. */
  private boolean sameVersion(View view, Namespace namespace, ViewDefinition definition) {
    ViewVersion version = view.currentVersion();
    Map<String, String> sql = new TreeMap<>();
    for (ViewRepresentation representation : version.representations()) {
      if (!(representation instanceof SQLViewRepresentation sqlRepresentation)) {
        return false;
      }
      sql.put(sqlRepresentation.dialect().toLowerCase(Locale.ROOT), sqlRepresentation.sql());
    }
    return sql.equals(definition.queries())
        && defaultCatalog.equals(version.defaultCatalog())
        && namespace.equals(version.defaultNamespace())
        && columns(view.schema()).equals(columns(definition.schema()));
  }

  /** Column names, types, optionality and docs: field ids are the catalog's business. */
  private static List<String> columns(Schema schema) {
    List<String> columns = new ArrayList<>();
    for (Types.NestedField field : schema.columns()) {
      columns.add(field.name() + " " + field.type() + " " + field.isOptional() + " " + field.doc());
    }
    return columns;
  }
}
