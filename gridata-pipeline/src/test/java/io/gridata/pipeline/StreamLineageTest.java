package io.gridata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.lineage.LineagePublisher;
import io.gridata.lineage.LineageSink;
import io.gridata.lineage.PublishResult;
import io.gridata.lineage.Run;
import io.gridata.lineage.RunStatus;
import io.gridata.spark.clickstream.ClickstreamSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A streaming job's lineage window: valid DataHub metadata, Kafka topic to the tables. */
class StreamLineageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aWindowIsOneRunOfTheStreamJobFromTheTopicToTheTables(@TempDir Path dir) throws IOException {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "event_id", Types.StringType.get()),
            Types.NestedField.optional(2, "event_ts", Types.TimestampType.withZone()));
    Schema quarantine =
        new Schema(Types.NestedField.optional(1, "event_id", Types.StringType.get()));
    Instant start = Instant.parse("2026-12-04T10:00:00Z");
    Run run =
        Run.finished("stream-q1-0-89", start, start.plusSeconds(900), RunStatus.SUCCESS)
            .withProperties(Map.of("queryId", "q1", "batches", "0..89"));
    Path file = dir.resolve("lineage.json");
    try (LineagePublisher publisher = LineagePublisher.builder(LineageSink.file(file)).build()) {
      PublishResult result =
          publisher.publish(
              new IngestLineage(IngestLineage.DEFAULT_IDENTITY)
                  .ofStream(
                      new ClickstreamSpec(),
                      "clickstream_events",
                      "gridata.ecommerce.clickstream",
                      schema,
                      quarantine,
                      run));
      assertThat(result.success()).isTrue();
    }

    JsonNode proposals = JSON.readTree(file.toFile());
    Proposals.assertValid(proposals);
    String topic = "urn:li:dataset:(urn:li:dataPlatform:kafka,clickstream_events,PROD)";
    String table = "urn:li:dataset:(urn:li:dataPlatform:iceberg,ecommerce.clickstream,PROD)";
    JsonNode io = Proposals.aspects(proposals, "dataJobInputOutput").get(0);
    assertThat(io.get("inputDatasets")).extracting(JsonNode::asText).containsExactly(topic);
    assertThat(io.get("outputDatasets"))
        .extracting(JsonNode::asText)
        .containsExactly(
            table,
            "urn:li:dataset:(urn:li:dataPlatform:iceberg,ecommerce.clickstream_quarantine,PROD)");
    assertThat(
            StreamSupport.stream(io.get("fineGrainedLineages").spliterator(), false)
                .map(e -> e.get("upstreams").get(0).asText())
                .toList())
        .as("column edges start at the topic's fields")
        .contains("urn:li:schemaField:(" + topic + ",event_id)")
        .allMatch(upstream -> upstream.contains(topic));
    assertThat(
            StreamSupport.stream(proposals.spliterator(), false)
                .map(p -> p.get("entityUrn").asText())
                .toList())
        .contains(
            "urn:li:dataJob:(urn:li:dataFlow:(gridata,ecommerce_clickstream,prod),"
                + "stream_clickstream_events)")
        .anyMatch(urn -> urn.startsWith("urn:li:dataProcessInstance:"));
  }
}
