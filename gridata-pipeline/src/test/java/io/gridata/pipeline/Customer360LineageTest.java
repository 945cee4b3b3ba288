package io.gridata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.lineage.Env;
import io.gridata.lineage.LineagePublisher;
import io.gridata.lineage.LineageSink;
import io.gridata.lineage.Owner;
import io.gridata.lineage.PublishResult;
import io.gridata.spark.customer360.Customer360Columns;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Customer360LineageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theRunIsValidDataHubMetadataWithColumnEdgesFromEachMetricToItsInputs(@TempDir Path dir)
      throws IOException {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "customer_id", Types.StringType.get()),
            Types.NestedField.optional(2, "total_spent", Types.DecimalType.of(16, 2)),
            Types.NestedField.optional(3, "churn_risk", Types.DoubleType.get()));
    Path file = dir.resolve("lineage.json");
    Instant start = Instant.parse("2026-11-27T10:00:00Z");
    try (LineagePublisher publisher = LineagePublisher.builder(LineageSink.file(file)).build()) {
      PublishResult result =
          publisher.publish(
              new Customer360Lineage(
                      new LineageIdentity(
                          Env.PROD, "local", Owner.group("analytics", Owner.Type.TECHNICAL_OWNER)))
                  .of(
                      "c360-2026-11-26",
                      new Customer360Lineage.Tables(
                          "gridata.ecommerce.customers",
                          "gridata.ecommerce.orders",
                          "gridata.ecommerce.clickstream",
                          "gridata.analytics.customer_360"),
                      schema,
                      start,
                      start.plusSeconds(30),
                      true,
                      Optional.empty()));
      assertThat(result.success()).isTrue();
    }

    JsonNode proposals = JSON.readTree(file.toFile());
    Proposals.assertValid(proposals);
    JsonNode io = Proposals.aspects(proposals, "dataJobInputOutput").get(0);
    String dataset = "urn:li:dataset:(urn:li:dataPlatform:iceberg,%s,PROD)";
    assertThat(io.get("inputDatasets"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(
            dataset.formatted("ecommerce.customers"),
            dataset.formatted("ecommerce.orders"),
            dataset.formatted("ecommerce.clickstream"));
    assertThat(io.get("outputDatasets"))
        .extracting(JsonNode::asText)
        .containsExactly(dataset.formatted("analytics.customer_360"));
    JsonNode spent =
        StreamSupport.stream(io.get("fineGrainedLineages").spliterator(), false)
            .filter(e -> e.get("downstreams").get(0).asText().endsWith(",total_spent)"))
            .findFirst()
            .orElseThrow();
    assertThat(spent.get("upstreams"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "urn:li:schemaField:(" + dataset.formatted("ecommerce.orders") + ",total_amount)",
            "urn:li:schemaField:(" + dataset.formatted("ecommerce.orders") + ",status)");
    List<String> derived =
        StreamSupport.stream(io.get("fineGrainedLineages").spliterator(), false)
            .map(e -> e.get("downstreams").get(0).asText().replaceAll(".*,(\\w+)\\)$", "$1"))
            .toList();
    assertThat(derived)
        .as("every derived metric has an edge")
        .containsAll(
            Customer360Columns.COMPUTED.stream().filter(c -> !c.equals("as_of_date")).toList());
  }
}
