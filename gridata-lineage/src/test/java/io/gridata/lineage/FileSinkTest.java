package io.gridata.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linkedin.mxe.MetadataChangeProposal;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Set<String> TIME_FIELDS =
      Set.of("time", "timestampMillis", "durationMillis", "lastObserved");
  private static final DataHubSchemaValidator VALIDATOR = new DataHubSchemaValidator();
  private static final String GOLDEN = "golden/orders-run.json";

  @TempDir Path dir;

  @Test
  void fileOutputMatchesTheGoldenFileWithTimestampsNormalised() throws Exception {
    Path file = dir.resolve("lineage.json");
    // A run at "now": normalisation must make the output independent of the clock.
    Instant now = Instant.now();
    Run run =
        new Run("run-20261126-0800", now.minusSeconds(150), now, RunStatus.SUCCESS, 1, Map.of());
    RunLineage lineage =
        RunLineage.builder(Fixtures.job(), run)
            .dataset(Fixtures.ordersMetadata())
            .assertions(
                Fixtures.assertions().stream()
                    .map(
                        a ->
                            new AssertionResult(
                                a.ruleName(),
                                a.dataset(),
                                a.fields(),
                                a.severity(),
                                a.status(),
                                a.observedValue(),
                                a.threshold(),
                                a.description(),
                                now,
                                a.details()))
                    .toList())
            .build();
    try (LineagePublisher publisher =
        LineagePublisher.builder(FileSink.open(file, FileSink.Mode.OVERWRITE))
            .strict(true)
            .build()) {
      assertThat(publisher.publish(lineage).success()).isTrue();
    }

    JsonNode actual = normalise(JSON.readTree(file.toFile()));
    Path update = goldenUpdatePath();
    if (update != null) {
      Files.createDirectories(update.getParent());
      JSON.writeValue(update.toFile(), actual);
      return;
    }
    try (InputStream golden = getClass().getResourceAsStream(GOLDEN)) {
      assertThat(golden)
          .as("golden file " + GOLDEN + " (run with -Dgridata.golden.update=true)")
          .isNotNull();
      JsonNode expected = JSON.readTree(golden);
      assertThat(JSON.writeValueAsString(actual)).isEqualTo(JSON.writeValueAsString(expected));
    }
  }

  @Test
  void everyEntryOfTheFileIsAValidProposalInTheFileSourceFormat() throws Exception {
    Path file = dir.resolve("lineage.json");
    try (LineagePublisher publisher =
        LineagePublisher.builder(LineageSink.file(file)).strict(true).build()) {
      publisher.publish(Fixtures.run(RunStatus.SUCCESS));
    }

    JsonNode array = JSON.readTree(file.toFile());
    assertThat(array.isArray()).isTrue();
    assertThat(array.size()).isGreaterThan(15);
    for (JsonNode entry : array) {
      assertThat(entry.fieldNames())
          .toIterable()
          .containsExactlyInAnyOrder(
              "entityType", "entityUrn", "changeType", "aspectName", "aspect");
      assertThat(entry.get("changeType").asText()).isEqualTo("UPSERT");
      assertThat(entry.get("aspect").get("contentType").asText()).isEqualTo("application/json");
      assertThat(VALIDATOR.validate(JSON.writeValueAsString(entry))).isEmpty();
    }
  }

  @Test
  void theFileIsValidJsonAfterOpenAndAfterEachFlush() throws Exception {
    Path file = dir.resolve("sub/dir/lineage.json");
    FileSink sink = FileSink.open(file, FileSink.Mode.OVERWRITE);
    assertThat(JSON.readTree(file.toFile()).size()).isZero();

    List<MetadataChangeProposal> proposals = proposals();
    sink.send(proposals.get(0));
    // Sent but not flushed: the file still holds the last complete array.
    assertThat(JSON.readTree(file.toFile()).size()).isZero();
    sink.flush();
    assertThat(JSON.readTree(file.toFile()).size()).isEqualTo(1);
    sink.send(proposals.get(1));
    sink.close();
    assertThat(JSON.readTree(file.toFile()).size()).isEqualTo(2);
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void appendModeKeepsEarlierRunsAndOverwriteStartsAfresh() throws Exception {
    Path file = dir.resolve("lineage.json");
    List<MetadataChangeProposal> proposals = proposals();
    try (FileSink sink = FileSink.open(file, FileSink.Mode.APPEND)) {
      sink.send(proposals.get(0));
    }
    try (FileSink sink = FileSink.open(file, FileSink.Mode.APPEND)) {
      sink.send(proposals.get(1));
    }
    assertThat(JSON.readTree(file.toFile()).size()).isEqualTo(2);
    assertThat(JSON.readTree(file.toFile()).get(0).get("aspectName").asText())
        .isEqualTo(proposals.get(0).getAspectName());

    FileSink.open(file, FileSink.Mode.OVERWRITE).close();
    assertThat(JSON.readTree(file.toFile()).size()).isZero();
  }

  @Test
  void appendingToAFileThatIsNotAJsonArrayFailsWithAClearMessage() throws Exception {
    Path file = dir.resolve("lineage.json");
    Files.writeString(file, "[{\"entityType\": \"dataset\",", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> FileSink.open(file, FileSink.Mode.APPEND))
        .isInstanceOf(LineageException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("OVERWRITE");
  }

  @Test
  void manyThreadsCanShareOneSink() throws Exception {
    Path file = dir.resolve("lineage.json");
    List<MetadataChangeProposal> proposals = proposals();
    int threads = 8;
    int perThread = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (FileSink sink = FileSink.open(file, FileSink.Mode.OVERWRITE)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    sink.send(proposals.get(i % proposals.size()));
                    if (i % 10 == 0) {
                      sink.flush();
                      assertThat(readArraySize(file)).isGreaterThanOrEqualTo(0);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(JSON.readTree(file.toFile()).size()).isEqualTo(threads * perThread);
  }

  @Test
  void aProcessKilledWhileWritingLeavesAValidJsonArray() throws Exception {
    Path file = dir.resolve("lineage.json");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                FileSinkCrashMain.class.getName(),
                file.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (readArraySize(file) < 50 && System.nanoTime() < deadline) {
        assertThat(child.isAlive()).as(Files.readString(dir.resolve("child.log"))).isTrue();
        Thread.sleep(20);
      }
    } finally {
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    assertThat(readArraySize(file))
        .as("entries written by the child before it was killed")
        .isGreaterThanOrEqualTo(50);
    JsonNode array = JSON.readTree(file.toFile());
    for (JsonNode entry : array) {
      assertThat(entry.get("aspectName").isTextual()).isTrue();
    }
  }

  private static int readArraySize(Path file) {
    try {
      return Files.exists(file) ? JSON.readTree(file.toFile()).size() : -1;
    } catch (Exception e) {
      throw new AssertionError("lineage file is not valid JSON at some moment", e);
    }
  }

  static List<MetadataChangeProposal> proposals() {
    return new io.gridata.lineage.internal.AspectMapper("urn:li:corpuser:gridata")
        .proposals(Fixtures.run(RunStatus.SUCCESS));
  }

  /** Decodes each aspect's embedded JSON and replaces every time value with 0. */
  static JsonNode normalise(JsonNode file) throws Exception {
    ArrayNode out = JSON.createArrayNode();
    for (JsonNode entry : file) {
      ObjectNode copy = entry.deepCopy();
      ObjectNode aspect = (ObjectNode) copy.get("aspect");
      aspect.set("value", JSON.readTree(aspect.get("value").asText()));
      zeroTimes(copy);
      out.add(copy);
    }
    return out;
  }

  private static void zeroTimes(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
      List<String> times = new ArrayList<>();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (TIME_FIELDS.contains(field.getKey()) && field.getValue().isNumber()) {
          times.add(field.getKey());
        } else {
          zeroTimes(field.getValue());
        }
      }
      times.forEach(name -> object.put(name, 0));
      sortKeys(object);
    } else if (node instanceof ArrayNode array) {
      array.forEach(FileSinkTest::zeroTimes);
    }
  }

  private static void sortKeys(ObjectNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    names.sort(null);
    ObjectNode sorted = object.objectNode();
    names.forEach(n -> sorted.set(n, object.get(n)));
    object.removeAll();
    object.setAll(sorted);
  }

  private static Path goldenUpdatePath() {
    if (!Boolean.getBoolean("gridata.golden.update")) {
      return null;
    }
    return Path.of("src/test/resources/io/gridata/lineage").resolve(GOLDEN);
  }
}
