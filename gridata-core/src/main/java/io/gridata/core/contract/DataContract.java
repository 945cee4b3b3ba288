package io.gridata.core.contract;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The columns a raw dataset is expected to carry. Shared by file validation in gridata-rawzone
 * (columns present, Parquet types readable, unknown columns reported) and by the Spark readers,
 * which cast and clean the columns. Immutable.
 *
 * @param name dataset name, e.g. {@code orders}
 * @param columns columns in their canonical order; names unique ignoring case
 * @param allowUnknownColumns whether columns outside the contract are tolerated (reported as a
 *     warning) or make a file fail the schema check
 */
public record DataContract(String name, List<ColumnSpec> columns, boolean allowUnknownColumns) {
  /** Validates the values and copies the column list. */
  public DataContract {
    requireNonNull(name, "name is null");
    requireNonNull(columns, "columns is null");
    columns = List.copyOf(columns);
    InvalidInputException.check(!columns.isEmpty(), "Invalid contract %s: no columns", name);
    Set<String> seen = new HashSet<>();
    for (ColumnSpec column : columns) {
      InvalidInputException.check(
          seen.add(column.name().toLowerCase(Locale.ROOT)),
          "Invalid contract %s: duplicate column %s",
          name,
          column.name());
    }
  }

  /** A contract that tolerates unknown columns. */
  public static DataContract of(String name, List<ColumnSpec> columns) {
    return new DataContract(name, columns, true);
  }

  /** A builder for a contract named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The column called {@code columnName}, ignoring case. */
  public Optional<ColumnSpec> column(String columnName) {
    requireNonNull(columnName, "columnName is null");
    for (ColumnSpec column : columns) {
      if (column.name().equalsIgnoreCase(columnName)) {
        return Optional.of(column);
      }
    }
    return Optional.empty();
  }

  /** Names of the required columns, in order. */
  public List<String> requiredColumnNames() {
    List<String> names = new ArrayList<>();
    for (ColumnSpec column : columns) {
      if (column.required()) {
        names.add(column.name());
      }
    }
    return List.copyOf(names);
  }

  /** This contract with unknown columns tolerated or not. */
  public DataContract withAllowUnknownColumns(boolean allow) {
    return new DataContract(name, columns, allow);
  }

  /** Mutable builder of {@link DataContract}. */
  public static final class Builder {
    private final String name;
    private final List<ColumnSpec> columns = new ArrayList<>();
    private boolean allowUnknownColumns = true;

    private Builder(String name) {
      this.name = requireNonNull(name, "name is null");
    }

    /** Adds a required column. */
    public Builder required(String column, ColumnType type) {
      columns.add(ColumnSpec.required(column, type));
      return this;
    }

    /** Adds an optional column. */
    public Builder optional(String column, ColumnType type) {
      columns.add(ColumnSpec.optional(column, type));
      return this;
    }

    /** Whether unknown columns are tolerated; true by default. */
    public Builder allowUnknownColumns(boolean allow) {
      this.allowUnknownColumns = allow;
      return this;
    }

    /** The contract. */
    public DataContract build() {
      return new DataContract(name, columns, allowUnknownColumns);
    }
  }
}
