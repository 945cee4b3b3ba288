package io.gridata.lineage;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One field of a dataset schema.
 *
 * @param path the field path; nested struct fields are joined with dots ({@code address.city})
 * @param type the logical type
 * @param nativeType the type as the platform spells it, e.g. {@code decimal(12, 2)}
 * @param nullable whether the field may be null
 * @param description documentation of the field, or {@code null}
 */
public record SchemaField(
    String path, FieldType type, String nativeType, boolean nullable, String description) {
  /** Validates the parts. */
  public SchemaField {
    requireNonNull(path, "path is null");
    requireNonNull(type, "type is null");
    requireNonNull(nativeType, "nativeType is null");
    if (path.isBlank()) {
      throw new IllegalArgumentException("Invalid schema field: blank path");
    }
  }

  /** The field's documentation, if any. */
  public Optional<String> doc() {
    return Optional.ofNullable(description);
  }
}
