package io.gridata.spark.ingest;

import io.gridata.core.contract.ColumnSpec;
import io.gridata.core.contract.DataContract;
import io.gridata.spark.transform.Transform;
import io.gridata.spark.write.TableLayout;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * What {@link IngestJob} and {@link IngestBatch} need to know of one raw dataset: where its files
 * lie in the raw zone, its contract, its table, and its transforms. The job does the rest the same
 * way for every dataset: validation and rejection of files, exactly-once ingestion, quarantine with
 * reasons, de-duplication, write-audit-publish.
 *
 * <p>The transforms run in this order; a row that collects a reason in {@code _errors} goes to
 * quarantine with its raw values:
 *
 * <ol>
 *   <li>{@link #prepare()} on every row: raw strings to typed columns, plus {@code _errors};
 *   <li>{@link #enrich()} on valid rows (derived columns; before the row checks when there are any,
 *       since checks may read them);
 *   <li>{@link #deduplicate()} on valid rows: one row per key.
 * </ol>
 *
 * Shipped: {@code OrdersSpec}, {@code CustomersSpec}, {@code ClickstreamSpec}; an application's
 * own: {@code PaymentsSpec} in {@code examples/embedded-app}.
 */
public interface IngestSpec {
  /** Domain in the raw zone: {@code raw/<domain>/<dataset>/YYYY-MM-DD/}. */
  String domain();

  /** Dataset name in the raw zone. */
  String dataset();

  /** Contract of the raw files: validation checks it, the reader reads its columns as strings. */
  DataContract contract();

  /** Partitioning, sort order and file size of the table. */
  TableLayout layout();

  /**
   * The table's columns in order, without the run metadata columns: names, Spark types and {@code
   * NOT NULL}, declared once (e.g. {@code StructType.fromDDL("order_id string NOT NULL, ...")}).
   * The DDL ({@link #createTable}) and the column list ({@link #tableColumns()}) come from it, and
   * {@link IngestJob} checks before it runs that the transforms produce these columns with these
   * types ({@link IngestSpecCheck}).
   */
  StructType tableSchema();

  /**
   * Creates the table if missing (its namespace exists) from {@link #tableSchema()} and {@link
   * #layout()}; an existing table is left as it is.
   */
  default void createTable(SparkSession spark, String table) {
    IngestTables.createTable(spark, table, tableSchema(), layout());
  }

  /**
   * Raw strings to typed columns plus the working columns the job reads: start with {@code
   * IngestTransforms.keepRaw(rawColumns())} (the {@code _raw_<column>} values the quarantine table
   * keeps) and end with {@code IngestTransforms.flag(List.of(reason(broken, "name"), ...))} (the
   * {@code _errors} array). A column the table declares {@code NOT NULL} needs a reason for its
   * null, or the write fails instead of quarantining the row. {@code examples/embedded-app}'s
   * {@code PaymentsSpec} is a whole dataset outside Gridata.
   */
  Transform prepare();

  /** Derived columns of valid rows; none by default. */
  default Transform enrich() {
    return df -> df;
  }

  /**
   * Table columns computed from other raw columns by {@link #prepare()} or {@link #enrich()}, for
   * column-level lineage; none by default (a column named like its contract column needs none).
   */
  default List<DerivedColumn> derivedColumns() {
    return List.of();
  }

  /** One row per key among valid rows (see {@code IngestTransforms.keepOnePerKey}). */
  Transform deduplicate();

  /** Columns of the table in order, without the run metadata columns: {@link #tableSchema()}'s. */
  default List<String> tableColumns() {
    return List.of(tableSchema().fieldNames());
  }

  /** The contract's column names, in order: the raw values kept for quarantine. */
  default List<String> rawColumns() {
    return contract().columns().stream().map(ColumnSpec::name).toList();
  }

  /**
   * Class-path location of the dataset's default quality suite, a YAML file beside the spec (read
   * by gridata-quality's {@code SuiteYaml.resource}; {@code gridata ingest} gates the dataset with
   * it, an {@code --quality-suite} file merged over it); none by default.
   */
  default Optional<String> qualitySuite() {
    return Optional.empty();
  }

  /** {@code gridata.<domain>.<dataset>}. */
  default String defaultTable() {
    return "gridata." + domain() + "." + dataset();
  }
}
