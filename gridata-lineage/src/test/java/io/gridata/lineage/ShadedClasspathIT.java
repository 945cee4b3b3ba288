package io.gridata.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.testkit.RestCatalogServer;
import io.gridata.testkit.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.jar.JarFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs in failsafe's integration-test phase against the packaged, shaded gridata-lineage jar, with
 * the raw DataHub client removed from the classpath: what a Spark application depending on
 * gridata-lineage gets. In one JVM it writes an Iceberg table through Spark (Iceberg writes Avro
 * manifests: Avro 1.12's {@code LogicalTypes.timestampNanos()} is what the client's bundled Avro
 * 1.11 lacks), compares strings under {@code COLLATE UNICODE_CI} (ICU), publishes lineage of that
 * table through the shaded client to a file and to a stand-in GMS, and writes again.
 */
@Tag("integration")
class ShadedClasspathIT {
  private static S3ProxyServer s3;
  private static RestCatalogServer catalog;
  private static SparkSession spark;

  @TempDir static Path dir;

  @BeforeAll
  static void startStack() {
    s3 = new S3ProxyServer().start();
    catalog = new RestCatalogServer(s3).start();
    SparkSession.Builder builder =
        SparkSession.builder()
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.catalog.gridata", "org.apache.iceberg.spark.SparkCatalog")
            .config("spark.sql.catalog.gridata.type", "rest");
    catalog
        .clientProperties()
        .forEach((k, v) -> builder.config("spark.sql.catalog.gridata." + k, v));
    spark = builder.getOrCreate();
  }

  @AfterAll
  static void stopStack() {
    if (spark != null) {
      spark.stop();
    }
    if (catalog != null) {
      catalog.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void lineageComesFromTheShadedJarAndLeaksNoAvroOrIcu() throws Exception {
    Path shaded = Path.of(System.getProperty("gridata.lineage.shaded.jar"));
    assertThat(codeSource(LineagePublisher.class)).isEqualTo(shaded.toUri().toURL().toString());
    assertThat(codeSource(com.linkedin.mxe.MetadataChangeProposal.class))
        .isEqualTo(shaded.toUri().toURL().toString());
    assertThat(codeSource(org.apache.avro.LogicalTypes.class)).contains("avro-1.12.1.jar");
    assertThat(codeSource(com.ibm.icu.text.Collator.class)).contains("icu4j-77.1.jar");
    try (JarFile jar = new JarFile(shaded.toFile())) {
      assertThat(jar.stream().map(e -> e.getName()))
          .noneMatch(n -> n.startsWith("org/apache/avro/"))
          .noneMatch(n -> n.startsWith("com/ibm/icu/"))
          .noneMatch(n -> n.startsWith("com/sun/jna/"))
          .noneMatch(n -> n.startsWith("javax/json/"))
          // nothing the REST emitter does not reach: no Avro or ICU even relocated, no copies of
          // the AWS SDK or Kafka, no OpenAPI models
          .noneMatch(n -> n.startsWith("io/gridata/lineage/shaded/org/apache/avro/"))
          .noneMatch(n -> n.startsWith("io/gridata/lineage/shaded/com/ibm/icu/"))
          .noneMatch(n -> n.startsWith("datahub/shaded/software/amazon/"))
          .noneMatch(n -> n.startsWith("datahub/shaded/org/apache/kafka/"))
          .noneMatch(n -> n.startsWith("io/datahubproject/openapi/"))
          // nor what only the Kafka emitter reached: Netty, ZooKeeper, Snappy and lz4 natives
          .noneMatch(n -> n.startsWith("datahub/shaded/io/netty/"))
          .noneMatch(n -> n.startsWith("datahub/shaded/org/apache/zookeeper/"))
          .noneMatch(n -> n.startsWith("datahub/shaded/org/xerial/snappy/"))
          .noneMatch(n -> n.startsWith("datahub/shaded/net/jpountz/"))
          .anyMatch(n -> n.equals("datahub/client/rest/RestEmitter.class"));
    }
    String reducedPom =
        Files.readString(Path.of(System.getProperty("gridata.lineage.reduced.pom")));
    // the client must not be a dependency of consumers; the build section of the reduced POM still
    // names it in the shade and failsafe configuration, which is harmless
    assertThat(reducedPom).doesNotContain("<artifactId>datahub-client-java8</artifactId>");
  }

  @Test
  void theClientsSchemaParserRunsOnItsOwnAntlrRuntimeWithoutAVersionWarning() throws Exception {
    Path shaded = Path.of(System.getProperty("gridata.lineage.shaded.jar"));
    URL slf4j = new URL(codeSource(org.slf4j.LoggerFactory.class));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    // A fresh loader over the shaded jar alone (and the SLF4J API it expects), so the Pegasus
    // models' static initialisers, which parse their PDL schemas, run here and now.
    try (URLClassLoader isolated =
        new URLClassLoader(
            new URL[] {shaded.toUri().toURL(), slf4j}, ClassLoader.getPlatformClassLoader())) {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      Object properties =
          Class.forName("com.linkedin.dataset.DatasetProperties", true, isolated)
              .getConstructor()
              .newInstance();
      Object schema = properties.getClass().getMethod("schema").invoke(properties);
      assertThat(schema.toString()).contains("DatasetProperties").contains("customProperties");
      assertThat(
              Class.forName("datahub.shaded.org.antlr.v4.runtime.RuntimeMetaData", true, isolated)
                  .getField("VERSION")
                  .get(null))
          .isEqualTo("4.5.3");
    } finally {
      System.setErr(stderr);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("ANTLR");
  }

  @Test
  void theRawClientWouldClashTheConflictThisGuardsAgainstIsReal() throws Exception {
    Path raw = Path.of(System.getProperty("gridata.datahub.client.jar"));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {raw.toUri().toURL()}, null)) {
      Class<?> rawLogicalTypes = loader.loadClass("org.apache.avro.LogicalTypes");
      assertThat(List.of(rawLogicalTypes.getMethods()))
          .extracting(m -> m.getName())
          .doesNotContain("timestampNanos");
    }
    assertThat(List.of(org.apache.avro.LogicalTypes.class.getMethods()))
        .extracting(m -> m.getName())
        .contains("timestampNanos");
  }

  @Test
  void sparkAvroIcuAndShadedEmissionWorkInOneJvm() throws Exception {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS gridata.ecommerce");
    spark.sql(
        "CREATE TABLE gridata.ecommerce.orders (order_id string, customer string, ts timestamp)"
            + " USING iceberg");
    spark.sql(
        "INSERT INTO gridata.ecommerce.orders VALUES ('o1', 'Alice', TIMESTAMP '2026-11-26"
            + " 08:00:00'), ('o2', 'ALICE', TIMESTAMP '2026-11-26 09:00:00'), ('o3', 'Bob',"
            + " TIMESTAMP '2026-11-26 10:00:00')");
    List<Row> collated =
        spark
            .sql(
                "SELECT count(*) FROM gridata.ecommerce.orders"
                    + " WHERE customer COLLATE UNICODE_CI = 'alice'")
            .collectAsList();
    assertThat(collated.get(0).getLong(0)).isEqualTo(2L);

    Table table;
    try (RESTCatalog client = catalog.newClient("gridata")) {
      table = client.loadTable(TableIdentifier.of("ecommerce", "orders"));
    }
    DatasetRef orders = DatasetRef.iceberg("ecommerce", "orders", Env.DEV);
    DatasetRef raw = DatasetRef.s3("lake", "raw/ecommerce/orders", Env.DEV);
    Job job =
        Job.builder(Flow.of("classpath_check", "dev"), "load").inputs(raw).outputs(orders).build();
    RunLineage lineage =
        RunLineage.builder(
                job,
                Run.finished(
                    "run-1", Instant.now().minusSeconds(5), Instant.now(), RunStatus.SUCCESS))
            .dataset(
                DatasetMetadata.builder(orders)
                    .fields(IcebergSchemas.fields(table.schema()))
                    .tags("ecommerce")
                    .build())
            .build();
    Path file = dir.resolve("lineage.json");
    try (FakeGms gms = new FakeGms();
        LineagePublisher toFile =
            LineagePublisher.builder(FileSink.open(file, FileSink.Mode.OVERWRITE))
                .strict(true)
                .build();
        LineagePublisher toRest =
            LineagePublisher.builder(LineageSink.rest(RestSinkConfig.builder(gms.url()).build()))
                .strict(true)
                .build()) {
      assertThat(toFile.publish(lineage).success()).isTrue();
      assertThat(toRest.publish(lineage).success()).isTrue();
      assertThat(gms.requests()).hasSize(toRest.proposals(lineage).size());
    }
    assertThat(Files.readString(file)).contains("ecommerce.orders").contains("order_id");

    // Spark's Avro still works after the DataHub client classes were loaded.
    spark.sql(
        "INSERT INTO gridata.ecommerce.orders VALUES ('o4', 'alice', TIMESTAMP '2026-11-26 11:00:00')");
    assertThat(
            spark
                .sql(
                    "SELECT count(*) FROM gridata.ecommerce.orders WHERE customer COLLATE UNICODE_CI = 'ALICE'")
                .collectAsList()
                .get(0)
                .getLong(0))
        .isEqualTo(3L);
  }

  private static String codeSource(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation().toString();
  }
}
