package io.gridata.core.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.gridata.core.GridataException;
import io.gridata.core.GridataVersion;
import io.gridata.core.rawzone.TestS3;
import io.gridata.core.view.AppliedView.Change;
import io.gridata.testkit.RestCatalogServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.BaseView;
import org.apache.iceberg.view.SQLViewRepresentation;
import org.apache.iceberg.view.View;
import org.apache.iceberg.view.ViewVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped view set applied through Iceberg's Java API to a real REST catalog (Iceberg's REST
 * servlet over a JDBC catalog, warehouse in the S3 server): both dialects in one version, the
 * provenance properties, no new version on a second apply, a new one for changed SQL. No Spark.
 */
class ViewApplierTest {
  private static TestS3 s3;
  private static RestCatalogServer server;
  private static RESTCatalog catalog;

  @BeforeAll
  static void start() {
    s3 = TestS3.start();
    server =
        new RestCatalogServer(s3.s3())
            .withWarehouseBucket("views-" + UUID.randomUUID().toString().substring(0, 8))
            .start();
    catalog = server.newClient("gridata");
  }

  @AfterAll
  static void stop() throws IOException {
    if (catalog != null) {
      catalog.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theShippedSetHasEveryViewInBothDialectsWithItsColumns() {
    ViewSet serving = ViewSet.serving();

    assertThat(serving.namespace()).isEqualTo(Namespace.of("serving"));
    assertThat(serving.views())
        .extracting(ViewDefinition::name)
        .containsExactly("daily_orders_revenue", "orders_last_hour", "customer_360_by_segment");
    for (ViewDefinition view : serving.views()) {
      assertThat(view.queries()).as(view.name()).containsOnlyKeys("spark", "trino");
      assertThat(view.comment()).as(view.name()).isNotBlank();
      assertThat(view.source()).isEqualTo("io/gridata/core/view/serving/" + view.name());
    }
    ViewDefinition daily = serving.views().get(0);
    assertThat(daily.schema().columns())
        .extracting(f -> f.name() + " " + f.type())
        .containsExactly(
            "order_date date",
            "order_category string",
            "channel string",
            "orders long",
            "cancelled_or_returned long",
            "units long",
            "revenue decimal(18, 2)");
    assertThat(serving.views().get(1).queries().get("trino"))
        .contains("current_timestamp - INTERVAL '1' HOUR");
    assertThat(GridataVersion.get()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void appliesEveryViewOnceAndASecondApplyChangesNothing() {
    ViewSet set = copy(ViewSet.serving(), "once");
    ViewApplier applier = ViewApplier.on(catalog, "gridata");

    List<AppliedView> first = applier.apply(set);

    assertThat(first).extracting(AppliedView::change).containsOnly(Change.CREATED);
    assertThat(first).extracting(AppliedView::versionId).containsOnly(1);
    Map<String, String> metadataFiles = new TreeMap<>();
    for (ViewDefinition definition : set.views()) {
      View view = catalog.loadView(TableIdentifier.of(set.namespace(), definition.name()));
      ViewVersion version = view.currentVersion();
      assertThat(sqlByDialect(version))
          .as(definition.name())
          .isEqualTo(definition.queries())
          .containsOnlyKeys("spark", "trino");
      assertThat(version.defaultCatalog()).isEqualTo("gridata");
      assertThat(version.defaultNamespace()).isEqualTo(set.namespace());
      assertThat(view.schema().asStruct().fields())
          .extracting(f -> f.name() + " " + f.type() + " " + f.doc())
          .isEqualTo(
              definition.schema().columns().stream()
                  .map(f -> f.name() + " " + f.type() + " " + f.doc())
                  .toList());
      assertThat(view.properties())
          .contains(
              entry(ViewApplier.FINGERPRINT, definition.fingerprint()),
              entry(ViewApplier.SOURCE, definition.source()),
              entry(ViewApplier.GRIDATA_VERSION, GridataVersion.get()),
              entry(ViewApplier.COMMENT, definition.comment()));
      assertThat(definition.fingerprint()).matches("sha256:[0-9a-f]{64}");
      metadataFiles.put(definition.name(), metadataFile(view));
    }

    // read from the files again, by a new applier: equal definitions, nothing to do
    List<AppliedView> second =
        ViewApplier.on(catalog, "gridata").apply(copy(ViewSet.serving(), "once"));

    assertThat(second).extracting(AppliedView::change).containsOnly(Change.UNCHANGED);
    for (ViewDefinition definition : set.views()) {
      View view = catalog.loadView(TableIdentifier.of(set.namespace(), definition.name()));
      assertThat(view.versions()).as(definition.name()).hasSize(1);
      assertThat(metadataFile(view))
          .as("no commit at all for " + definition.name())
          .isEqualTo(metadataFiles.get(definition.name()));
    }
  }

  @Test
  void aChangedSqlMakesANewVersionOnceAndAChangedCommentNone() {
    ViewSet set = copy(ViewSet.serving(), "changes");
    ViewApplier applier = ViewApplier.on(catalog, "gridata");
    applier.apply(set);
    ViewDefinition daily = set.views().get(0);
    TableIdentifier id = TableIdentifier.of(set.namespace(), daily.name());
    String trino = daily.queries().get("trino");
    ViewDefinition changed =
        daily.withQuery("trino", trino.replace("GROUP BY", "WHERE channel <> 'test'\nGROUP BY"));
    assertThat(changed.fingerprint()).isNotEqualTo(daily.fingerprint());

    AppliedView replaced = applier.apply(set.namespace(), changed);

    assertThat(replaced.change()).isEqualTo(Change.REPLACED);
    assertThat(replaced.versionId()).isEqualTo(2);
    View view = catalog.loadView(id);
    assertThat(view.versions()).hasSize(2);
    assertThat(sqlByDialect(view.currentVersion())).isEqualTo(changed.queries());
    assertThat(sqlByDialect(view.version(1))).isEqualTo(daily.queries());
    assertThat(view.properties()).containsEntry(ViewApplier.FINGERPRINT, changed.fingerprint());
    assertThat(applier.apply(set.namespace(), changed).change()).isEqualTo(Change.UNCHANGED);

    ViewDefinition recommented =
        new ViewDefinition(
            changed.name(), "reworded", changed.schema(), changed.queries(), changed.source());
    AppliedView commented = applier.apply(set.namespace(), recommented);

    assertThat(commented.change()).isEqualTo(Change.PROPERTIES_UPDATED);
    assertThat(commented.versionId()).isEqualTo(2);
    view = catalog.loadView(id);
    assertThat(view.versions()).hasSize(2);
    assertThat(view.properties()).containsEntry(ViewApplier.COMMENT, "reworded");
  }

  @Test
  void aTableOfTheViewsNameIsNamedAndLeftAlone() {
    Namespace namespace = Namespace.of("clash");
    catalog.createNamespace(namespace);
    catalog.createTable(
        TableIdentifier.of(namespace, "daily_orders_revenue"),
        new Schema(Types.NestedField.optional(1, "x", Types.LongType.get())));
    ViewSet set = new ViewSet(namespace, ViewSet.serving().views().subList(0, 1));

    assertThatThrownBy(() -> ViewApplier.on(catalog, "gridata").apply(set))
        .isInstanceOf(GridataException.class)
        .hasMessage(
            "Cannot apply view clash.daily_orders_revenue to catalog gridata: a table of that name"
                + " exists; drop or rename the table (views and tables share one name space)");
    assertThat(catalog.tableExists(TableIdentifier.of(namespace, "daily_orders_revenue"))).isTrue();
  }

  @Test
  void aCatalogWithoutViewsIsRefusedBeforeAnyWork(@TempDir Path dir) throws IOException {
    try (HadoopCatalog hadoop = new HadoopCatalog(new Configuration(), dir.toUri().toString())) {
      assertThatThrownBy(() -> ViewApplier.on(hadoop, "gridata"))
          .isInstanceOf(GridataException.class)
          .hasMessageStartingWith(
              "Cannot apply views to catalog hadoop: HadoopCatalog does not support Iceberg"
                  + " views;");
    }
  }

  @Test
  void aMissingSqlFileIsNamed() {
    assertThatThrownBy(
            () ->
                ViewSet.fromResources("io/gridata/core/view/missing", getClass().getClassLoader()))
        .isInstanceOf(GridataException.class)
        .hasMessageStartingWith(
            "Cannot read view resource io/gridata/core/view/missing/views.json: not on the class"
                + " path;");
  }

  private static ViewSet copy(ViewSet set, String namespace) {
    return new ViewSet(Namespace.of(namespace), set.views());
  }

  private static Map<String, String> sqlByDialect(ViewVersion version) {
    Map<String, String> sql = new TreeMap<>();
    version
        .representations()
        .forEach(
            r -> sql.put(((SQLViewRepresentation) r).dialect(), ((SQLViewRepresentation) r).sql()));
    return sql;
  }

  private static String metadataFile(View view) {
    return ((BaseView) view).operations().current().metadataFileLocation();
  }
}
