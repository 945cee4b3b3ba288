package io.gridata.core.contract;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;

/**
 * One column of a {@link DataContract}.
 *
 * @param name column name as it appears in the raw file (matched case-insensitively)
 * @param type logical type the readers cast the raw value to
 * @param required whether the column must be present in every file (its values may still be null
 *     unless the row-level rules say otherwise)
 */
public record ColumnSpec(String name, ColumnType type, boolean required) {
  /** Validates the values. */
  public ColumnSpec {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    InvalidInputException.check(!name.isBlank(), "Invalid column spec: name is blank");
  }

  /** A required column. */
  public static ColumnSpec required(String name, ColumnType type) {
    return new ColumnSpec(name, type, true);
  }

  /** An optional column. */
  public static ColumnSpec optional(String name, ColumnType type) {
    return new ColumnSpec(name, type, false);
  }
}
