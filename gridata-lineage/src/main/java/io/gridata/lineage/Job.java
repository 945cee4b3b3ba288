package io.gridata.lineage;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One step of a pipeline, published as a DataHub {@code dataJob} with the datasets it reads and
 * writes and, where the transform knows them, column-level edges.
 *
 * @param flow the pipeline
 * @param id the step's stable id within the flow, e.g. {@code load_orders}
 * @param name a display name
 * @param description a description, or {@code null}
 * @param inputs datasets read
 * @param outputs datasets written
 * @param columnLineage column-level edges; their downstream datasets must be among the outputs
 * @param properties custom properties
 */
public record Job(
    Flow flow,
    String id,
    String name,
    String description,
    List<DatasetRef> inputs,
    List<DatasetRef> outputs,
    List<ColumnLineage> columnLineage,
    Map<String, String> properties) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.\\-]+");

  /** Validates the parts and copies the collections. */
  public Job {
    requireNonNull(flow, "flow is null");
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    inputs = List.copyOf(new LinkedHashSet<>(requireNonNull(inputs, "inputs is null")));
    outputs = List.copyOf(new LinkedHashSet<>(requireNonNull(outputs, "outputs is null")));
    columnLineage = List.copyOf(requireNonNull(columnLineage, "columnLineage is null"));
    properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "Invalid job id '" + id + "': use letters, digits, '_', '.' or '-'");
    }
    for (ColumnLineage edge : columnLineage) {
      if (!outputs.contains(edge.downstreamDataset())) {
        throw new IllegalArgumentException(
            "Invalid column lineage of job "
                + id
                + ": downstream dataset "
                + edge.downstreamDataset().urn()
                + " is not an output of the job; add it to outputs");
      }
    }
  }

  /** A builder for step {@code id} of {@code flow}. */
  public static Builder builder(Flow flow, String id) {
    return new Builder(flow, id);
  }

  /** The DataHub URN, {@code urn:li:dataJob:(<flow urn>,<id>)}. */
  public String urn() {
    return "urn:li:dataJob:(" + flow.urn() + "," + id + ")";
  }

  /** Builds {@link Job}. */
  public static final class Builder {
    private final Flow flow;
    private final String id;
    private String name;
    private String description;
    private final List<DatasetRef> inputs = new ArrayList<>();
    private final List<DatasetRef> outputs = new ArrayList<>();
    private final List<ColumnLineage> columnLineage = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder(Flow flow, String id) {
      this.flow = requireNonNull(flow, "flow is null");
      this.id = requireNonNull(id, "id is null");
      this.name = id;
    }

    /** Sets the display name (the id by default). */
    public Builder name(String newName) {
      this.name = requireNonNull(newName, "name is null");
      return this;
    }

    /** Sets the description. */
    public Builder description(String newDescription) {
      this.description = newDescription;
      return this;
    }

    /** Adds datasets read. */
    public Builder inputs(DatasetRef... more) {
      inputs.addAll(List.of(more));
      return this;
    }

    /** Adds datasets written. */
    public Builder outputs(DatasetRef... more) {
      outputs.addAll(List.of(more));
      return this;
    }

    /** Adds a column-level edge. */
    public Builder columnLineage(ColumnLineage edge) {
      columnLineage.add(requireNonNull(edge, "edge is null"));
      return this;
    }

    /** Adds a custom property. */
    public Builder property(String key, String value) {
      properties.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
      return this;
    }

    /** The job. */
    public Job build() {
      return new Job(flow, id, name, description, inputs, outputs, columnLineage, properties);
    }
  }
}
