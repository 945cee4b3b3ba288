package com.example.shop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a lineage file ({@code LineageSink.file}: a JSON array of DataHub metadata change proposals)
 * says about the load jobs: each {@code dataJobInputOutput} aspect, in file order.
 */
final class LineageFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LineageFile() {}

  /**
   * One job's inputs and outputs as DataHub URNs, and its column edges: a table column's URN to the
   * URNs of the raw columns it is computed from.
   */
  record JobIo(
      String job, List<String> inputs, List<String> outputs, Map<String, List<String>> columns) {}

  /** Every {@code dataJobInputOutput} aspect of {@code file}, in order. */
  static List<JobIo> jobs(Path file) throws IOException {
    List<JobIo> jobs = new ArrayList<>();
    for (JsonNode proposal : JSON.readTree(file.toFile())) {
      if (!proposal.path("aspectName").asText().equals("dataJobInputOutput")) {
        continue;
      }
      JsonNode value = proposal.path("aspect").path("value");
      JsonNode io = value.isTextual() ? JSON.readTree(value.asText()) : value;
      Map<String, List<String>> columns = new LinkedHashMap<>();
      for (JsonNode edge : io.path("fineGrainedLineages")) {
        for (JsonNode downstream : edge.path("downstreams")) {
          List<String> upstreams =
              columns.computeIfAbsent(downstream.asText(), k -> new ArrayList<>());
          edge.path("upstreams").forEach(u -> upstreams.add(u.asText()));
        }
      }
      jobs.add(
          new JobIo(
              proposal.path("entityUrn").asText(),
              texts(io.path("inputDatasets")),
              texts(io.path("outputDatasets")),
              columns));
    }
    return jobs;
  }

  /** The URN of a dataset in DataHub's {@code PROD} environment, Gridata's default. */
  static String dataset(String platform, String name) {
    return "urn:li:dataset:(urn:li:dataPlatform:" + platform + "," + name + ",PROD)";
  }

  /** The URN of a column of {@code datasetUrn}. */
  static String field(String datasetUrn, String column) {
    return "urn:li:schemaField:(" + datasetUrn + "," + column + ")";
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
