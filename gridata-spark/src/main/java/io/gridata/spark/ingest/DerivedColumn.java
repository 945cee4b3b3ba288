package io.gridata.spark.ingest;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A table column computed from raw columns, as lineage shows it: {@code total_amount} from {@code
 * quantity}, {@code unit_price}, ... by {@code quantity * unit_price - discount + tax +
 * shipping_cost}. Declared by the dataset's {@link IngestSpec#derivedColumns()} beside the
 * transforms that compute it.
 *
 * @param column the table column
 * @param transformation what computes it, for people
 * @param sources the raw (contract) columns it reads
 */
public record DerivedColumn(String column, String transformation, List<String> sources) {
  /** How every timestamp column is parsed from its raw string. */
  public static final String TIMESTAMP_PARSE =
      "parse timestamp (ISO-8601, yyyy-MM-dd HH:mm:ss as UTC, epoch seconds or millis)";

  /** Checks the parts and copies the sources. */
  public DerivedColumn {
    requireNonNull(column, "column is null");
    requireNonNull(transformation, "transformation is null");
    sources = List.copyOf(sources);
    if (sources.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot declare derived column " + column + " without a source column");
    }
  }

  /** {@code column} computed by {@code transformation} from {@code sources}. */
  public static DerivedColumn of(String column, String transformation, String... sources) {
    return new DerivedColumn(column, transformation, List.of(sources));
  }
}
