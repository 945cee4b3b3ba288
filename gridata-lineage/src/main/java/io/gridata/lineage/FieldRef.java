package io.gridata.lineage;

import static java.util.Objects.requireNonNull;

/**
 * A column of a dataset, by its field path (nested fields joined with dots).
 *
 * @param dataset the dataset
 * @param path the field path, e.g. {@code total_amount} or {@code address.city}
 */
public record FieldRef(DatasetRef dataset, String path) {
  /** Validates the parts. */
  public FieldRef {
    requireNonNull(dataset, "dataset is null");
    requireNonNull(path, "path is null");
    if (path.isBlank()) {
      throw new IllegalArgumentException("Invalid field path of " + dataset.urn() + ": blank");
    }
  }

  /** The DataHub schema field URN, {@code urn:li:schemaField:(<dataset urn>,<path>)}. */
  public String urn() {
    return "urn:li:schemaField:(" + dataset.urn() + "," + path + ")";
  }
}
