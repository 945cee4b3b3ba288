package io.gridata.lineage;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is known about a dataset: description, custom properties, schema, owners and tags. Every
 * part is optional; the publisher emits an aspect only for the parts that are set.
 *
 * @param ref the dataset
 * @param description a description, or {@code null}
 * @param properties custom properties (shown in DataHub's properties tab)
 * @param fields the schema; empty when unknown
 * @param owners owners
 * @param tags tag names, e.g. {@code ecommerce}, {@code production}
 */
public record DatasetMetadata(
    DatasetRef ref,
    String description,
    Map<String, String> properties,
    List<SchemaField> fields,
    List<Owner> owners,
    Set<String> tags) {

  /** Validates the parts and copies the collections. */
  public DatasetMetadata {
    requireNonNull(ref, "ref is null");
    properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    fields = List.copyOf(requireNonNull(fields, "fields is null"));
    owners = List.copyOf(requireNonNull(owners, "owners is null"));
    tags = Set.copyOf(requireNonNull(tags, "tags is null"));
    Set<String> paths = new LinkedHashSet<>();
    for (SchemaField field : fields) {
      if (!paths.add(field.path())) {
        throw new IllegalArgumentException(
            "Invalid schema of " + ref.urn() + ": field path '" + field.path() + "' appears twice");
      }
    }
    for (String tag : tags) {
      if (tag.isBlank() || tag.contains(",") || tag.contains("(") || tag.contains(")")) {
        throw new IllegalArgumentException(
            "Invalid tag '" + tag + "' on " + ref.urn() + ": use a name without , ( or )");
      }
    }
  }

  /** A builder for the metadata of {@code ref}. */
  public static Builder builder(DatasetRef ref) {
    return new Builder(ref);
  }

  /** Builds {@link DatasetMetadata}. */
  public static final class Builder {
    private final DatasetRef ref;
    private String description;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<SchemaField> fields = new ArrayList<>();
    private final List<Owner> owners = new ArrayList<>();
    private final Set<String> tags = new LinkedHashSet<>();

    private Builder(DatasetRef ref) {
      this.ref = requireNonNull(ref, "ref is null");
    }

    /** Sets the description. */
    public Builder description(String newDescription) {
      this.description = newDescription;
      return this;
    }

    /** Adds a custom property. */
    public Builder property(String key, String value) {
      properties.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
      return this;
    }

    /** Adds custom properties. */
    public Builder properties(Map<String, String> more) {
      more.forEach(this::property);
      return this;
    }

    /** Adds schema fields, e.g. {@code IcebergSchemas.fields(table.schema())}. */
    public Builder fields(List<SchemaField> more) {
      fields.addAll(more);
      return this;
    }

    /** Adds an owner. */
    public Builder owner(Owner owner) {
      owners.add(requireNonNull(owner, "owner is null"));
      return this;
    }

    /** Adds tags. */
    public Builder tags(String... more) {
      tags.addAll(List.of(more));
      return this;
    }

    /** The metadata. */
    public DatasetMetadata build() {
      return new DatasetMetadata(ref, description, properties, fields, owners, tags);
    }
  }
}
