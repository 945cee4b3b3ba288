package io.gridata.core.table;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;
import io.gridata.core.NotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;

/** {@link ArrowScan} on Iceberg's {@code TableScan} and iceberg-arrow's {@code ArrowReader}. */
final class IcebergArrowScan implements ArrowScan {
  private final Table table;
  private List<String> columns;
  private Expression filter = Expressions.alwaysTrue();
  private Long snapshotId;
  private String ref;
  private Instant asOf;
  private boolean caseSensitive = true;
  private int batchSize = DEFAULT_BATCH_SIZE;

  IcebergArrowScan(Table table) {
    this.table = requireNonNull(table, "table is null");
  }

  @Override
  public ArrowScan select(String... newColumns) {
    return select(Arrays.asList(requireNonNull(newColumns, "columns is null")));
  }

  @Override
  public ArrowScan select(Collection<String> newColumns) {
    requireNonNull(newColumns, "columns is null");
    InvalidInputException.check(
        !newColumns.isEmpty(),
        "Cannot read %s with Arrow: select at least one column",
        table.name());
    this.columns = List.copyOf(newColumns);
    return this;
  }

  @Override
  public ArrowScan filter(Expression newFilter) {
    requireNonNull(newFilter, "filter is null");
    this.filter = Expressions.and(filter, newFilter);
    return this;
  }

  @Override
  public ArrowScan useSnapshot(long id) {
    checkOneReadPoint();
    this.snapshotId = id;
    return this;
  }

  @Override
  public ArrowScan useRef(String name) {
    requireNonNull(name, "ref is null");
    checkOneReadPoint();
    this.ref = name;
    return this;
  }

  @Override
  public ArrowScan asOfTime(Instant time) {
    requireNonNull(time, "time is null");
    checkOneReadPoint();
    this.asOf = time;
    return this;
  }

  @Override
  public ArrowScan caseSensitive(boolean newCaseSensitive) {
    this.caseSensitive = newCaseSensitive;
    return this;
  }

  @Override
  public ArrowScan batchSize(int rows) {
    InvalidInputException.check(
        rows > 0, "Cannot read %s with batches of %s rows: use > 0", table.name(), rows);
    this.batchSize = rows;
    return this;
  }

  @Override
  public ArrowBatches open() {
    table.refresh();
    TableScan scan = table.newScan().caseSensitive(caseSensitive);
    try {
      if (snapshotId != null) {
        scan = scan.useSnapshot(snapshotId);
      } else if (ref != null) {
        scan = scan.useRef(ref);
      } else if (asOf != null) {
        scan = scan.asOfTime(asOf.toEpochMilli());
      }
    } catch (IllegalArgumentException missing) {
      throw new NotFoundException(
          "Cannot read %s with Arrow at %s: %s", table.name(), readPoint(), missing.getMessage());
    }
    try {
      scan = scan.filter(filter);
      if (columns != null) {
        scan = scan.select(columns);
      }
      // Binds the filter and the projection now, so a bad column name fails here.
      scan.schema();
      if (columns != null) {
        List<String> unknown = new ArrayList<>();
        for (String column : columns) {
          boolean found =
              caseSensitive
                  ? table.schema().findField(column) != null
                  : table.schema().caseInsensitiveFindField(column) != null;
          if (!found) {
            unknown.add(column);
          }
        }
        InvalidInputException.check(
            unknown.isEmpty(),
            "Cannot read %s with Arrow: no column %s; the table has %s",
            table.name(),
            unknown,
            table.schema().columns().stream().map(Types.NestedField::name).toList());
      }
    } catch (org.apache.iceberg.exceptions.ValidationException | IllegalArgumentException bad) {
      throw new InvalidInputException(
          "Cannot read %s with Arrow: %s (columns %s, filter %s)",
          table.name(), bad.getMessage(), columns, filter);
    }
    return new IcebergArrowBatches(table.name(), scan, columns, filter, caseSensitive, batchSize);
  }

  private void checkOneReadPoint() {
    InvalidInputException.check(
        snapshotId == null && ref == null && asOf == null,
        "Cannot read %s at two points: already set to %s",
        table.name(),
        readPoint());
  }

  private String readPoint() {
    if (snapshotId != null) {
      return "snapshot " + snapshotId;
    } else if (ref != null) {
      return "ref " + ref;
    } else if (asOf != null) {
      return "time " + asOf;
    }
    return "the current snapshot";
  }
}
