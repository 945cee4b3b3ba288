package io.gridata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.lineage.DataHubSchemaValidator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reading the proposals a lineage file holds, for the lineage tests. */
final class Proposals {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Proposals() {}

  /** Asserts every proposal is valid against DataHub's schema. */
  static void assertValid(JsonNode proposals) throws IOException {
    DataHubSchemaValidator validator = new DataHubSchemaValidator();
    for (JsonNode proposal : proposals) {
      assertThat(validator.validate(JSON.writeValueAsString(proposal)))
          .as("%s of %s", proposal.get("aspectName"), proposal.get("entityUrn"))
          .isEmpty();
    }
  }

  /** The values of every aspect named {@code name}. */
  static List<JsonNode> aspects(JsonNode proposals, String name) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode proposal : proposals) {
      if (proposal.get("aspectName").asText().equals(name)) {
        JsonNode value = proposal.get("aspect").get("value");
        out.add(value.isTextual() ? JSON.readTree(value.asText()) : value);
      }
    }
    return out;
  }
}
