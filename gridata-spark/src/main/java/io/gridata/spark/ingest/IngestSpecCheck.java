package io.gridata.spark.ingest;

import static java.util.Objects.requireNonNull;

import io.gridata.spark.read.RawReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks that an {@link IngestSpec}'s transforms produce its {@link IngestSpec#tableSchema()}: runs
 * {@code prepare}, {@code enrich} and {@code deduplicate} on an empty frame of what the raw reader
 * gives (Spark only analyses the plan; no job runs) and compares every declared column's type with
 * the produced one. {@link IngestJob.Builder#build()} runs it, so a spec whose schema and
 * transforms disagree fails before any file is moved, instead of writing silently cast values or
 * failing in the middle of a commit.
 */
public final class IngestSpecCheck {
  private IngestSpecCheck() {}

  /**
   * Checks {@code spec}.
   *
   * @throws IllegalArgumentException naming each declared column the transforms do not produce, or
   *     produce with another type, or when the transforms do not apply to the contract's columns
   */
  public static void check(SparkSession spark, IngestSpec spec) {
    requireNonNull(spark, "spark is null");
    requireNonNull(spec, "spec is null");
    String name = spec.domain() + "." + spec.dataset();
    Dataset<Row> raw =
        spark.createDataFrame(List.of(), new RawReader(spark, spec.contract()).schema());
    StructType produced;
    try {
      produced =
          spec.prepare().andThen(spec.enrich()).andThen(spec.deduplicate()).apply(raw).schema();
    } catch (Exception e) { // Spark's AnalysisException is a checked one Scala throws undeclared
      throw new IllegalArgumentException(
          "Cannot ingest "
              + name
              + ": its transforms do not apply to the contract's columns ("
              + e.getMessage()
              + "); make prepare(), enrich() and deduplicate() read only contract columns and"
              + " those they add",
          e);
    }
    Map<String, StructField> byName =
        Arrays.stream(produced.fields())
            .collect(Collectors.toMap(StructField::name, Function.identity(), (a, b) -> a));
    List<String> problems = new ArrayList<>();
    for (StructField declared : spec.tableSchema().fields()) {
      StructField made = byName.get(declared.name());
      if (made == null) {
        problems.add(declared.name() + " is not produced");
      } else if (!DataType.equalsIgnoreNullability(made.dataType(), declared.dataType())) {
        problems.add(
            declared.name()
                + " is produced as "
                + made.dataType().catalogString()
                + " but declared "
                + declared.dataType().catalogString());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot ingest "
              + name
              + ": its table schema and its transforms disagree: "
              + String.join("; ", problems)
              + "; change tableSchema() or make prepare()/enrich() produce the declared columns");
    }
  }
}
