package io.gridata.lineage;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A column-level lineage edge: the downstream columns are computed from the upstream columns.
 *
 * @param upstreams the input columns (may be empty for a constant or generated column)
 * @param downstreams the output columns, all of one dataset
 * @param transformOperation a short description of the computation, e.g. {@code quantity *
 *     unit_price}, or {@code null}
 */
public record ColumnLineage(
    List<FieldRef> upstreams, List<FieldRef> downstreams, String transformOperation) {
  /** Validates the parts. */
  public ColumnLineage {
    upstreams = List.copyOf(requireNonNull(upstreams, "upstreams is null"));
    downstreams = List.copyOf(requireNonNull(downstreams, "downstreams is null"));
    if (downstreams.isEmpty()) {
      throw new IllegalArgumentException("Invalid column lineage: no downstream column");
    }
    DatasetRef target = downstreams.get(0).dataset();
    for (FieldRef field : downstreams) {
      if (!field.dataset().equals(target)) {
        throw new IllegalArgumentException(
            "Invalid column lineage: downstream columns span "
                + target.urn()
                + " and "
                + field.dataset().urn()
                + "; use one edge per output dataset");
      }
    }
  }

  /** {@code downstream} is computed from {@code upstreams} by {@code operation}. */
  public static ColumnLineage of(FieldRef downstream, String operation, FieldRef... upstreams) {
    return new ColumnLineage(List.of(upstreams), List.of(downstream), operation);
  }

  /** The dataset the downstream columns belong to. */
  public DatasetRef downstreamDataset() {
    return downstreams.get(0).dataset();
  }
}
