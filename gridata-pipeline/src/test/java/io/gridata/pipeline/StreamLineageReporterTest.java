package io.gridata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.lineage.Env;
import io.gridata.lineage.LineageSink;
import io.gridata.lineage.Owner;
import io.gridata.spark.clickstream.ClickstreamSpec;
import io.gridata.spark.ingest.IngestTables;
import io.gridata.testkit.Backend;
import io.gridata.testkit.junit.LakehouseTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream reporter's own settings: the lineage identity of a streaming job, as the batch one.
 */
@LakehouseTest(backend = Backend.LOCAL)
class StreamLineageReporterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aStreamsLineageCarriesTheIdentityItWasGiven(SparkSession spark, @TempDir Path dir)
      throws Exception {
    String table = "gridata.streamid.clickstream";
    spark.sql("CREATE NAMESPACE IF NOT EXISTS gridata.streamid");
    IngestTables.createIfMissing(spark, new ClickstreamSpec(), table);
    Path file = dir.resolve("lineage.json");
    StringWriter printed = new StringWriter();
    UUID query = UUID.randomUUID();

    StreamLineageReporter reporter =
        StreamLineageReporter.builder(
                spark,
                query,
                new ClickstreamSpec(),
                "clickstream_events",
                table,
                () -> LineageSink.file(file))
            .every(Duration.ofMinutes(5))
            .identity(
                new LineageIdentity(
                    Env.STG, "staging", Owner.group("shop-data", Owner.Type.TECHNICAL_OWNER)))
            .console(new PrintWriter(printed, true), new PrintWriter(printed, true))
            .build();
    reporter.flush(true); // a failed window is reported even without input

    JsonNode proposals = JSON.readTree(file.toFile());
    Proposals.assertValid(proposals);
    assertThat(printed.toString()).contains("lineage: clickstream_events batches none, ");
    assertThat(proposals.toString())
        .contains("urn:li:dataPlatform:kafka,clickstream_events,STG)")
        .contains("urn:li:dataPlatform:iceberg,streamid.clickstream,STG)")
        .contains(",staging)")
        .contains("urn:li:corpGroup:shop-data")
        .doesNotContain(",PROD)");
    JsonNode run = Proposals.aspects(proposals, "dataProcessInstanceProperties").get(0);
    assertThat(run.get("name").asText()).matches("stream-" + query + "-at-[0-9]{13}");
    assertThat(run.get("customProperties").get("batches").asText()).isEqualTo("none");
    assertThat(run.get("customProperties").get("status").asText()).isEqualTo("FAILURE");
    assertThatThrownBy(
            () ->
                StreamLineageReporter.builder(
                        spark, query, new ClickstreamSpec(), "t", table, () -> null)
                    .every(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-1S");
  }
}
