package io.gridata.lineage;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A pipeline, published as one DataHub {@code dataFlow}.
 *
 * @param orchestrator what runs it, e.g. {@code gridata} or {@code airflow}
 * @param id the pipeline's stable id, e.g. {@code ecommerce_orders}
 * @param cluster where it runs, e.g. {@code prod}
 * @param name a display name
 * @param description a description, or {@code null}
 * @param properties custom properties
 */
public record Flow(
    String orchestrator,
    String id,
    String cluster,
    String name,
    String description,
    Map<String, String> properties) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.\\-]+");

  /** Validates the parts. */
  public Flow {
    requireNonNull(orchestrator, "orchestrator is null");
    requireNonNull(id, "id is null");
    requireNonNull(cluster, "cluster is null");
    requireNonNull(name, "name is null");
    properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    for (String part : new String[] {orchestrator, id, cluster}) {
      if (!ID.matcher(part).matches()) {
        throw new IllegalArgumentException(
            "Invalid flow id part '" + part + "': use letters, digits, '_', '.' or '-'");
      }
    }
  }

  /** A flow run by Gridata with its id as name. */
  public static Flow of(String id, String cluster) {
    return new Flow("gridata", id, cluster, id, null, Map.of());
  }

  /** The DataHub URN, {@code urn:li:dataFlow:(<orchestrator>,<id>,<cluster>)}. */
  public String urn() {
    return "urn:li:dataFlow:(" + orchestrator + "," + id + "," + cluster + ")";
  }

  /** A copy with {@code newDescription}. */
  public Flow withDescription(String newDescription) {
    return new Flow(orchestrator, id, cluster, name, newDescription, properties);
  }
}
