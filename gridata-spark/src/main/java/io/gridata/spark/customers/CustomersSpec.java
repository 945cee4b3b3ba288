package io.gridata.spark.customers;

import static io.gridata.core.contract.ColumnType.STRING;
import static io.gridata.core.contract.ColumnType.TIMESTAMP;

import io.gridata.core.contract.DataContract;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.transform.Transform;
import io.gridata.spark.write.TableLayout;
import org.apache.spark.sql.types.StructType;

/**
 * Raw customers ({@code raw/ecommerce/customers/}) into {@code gridata.ecommerce.customers}, an
 * unpartitioned table that keeps every version of a customer it receives (one per batch at most);
 * the current version of a customer is the row with the latest {@code _ingested_at} (ties: the
 * greatest {@code _source_file}). Transforms and reasons: {@link CustomerTransforms}.
 *
 * <pre>{@code
 * IngestJob.builder(spark, zone, new CustomersSpec()).build().run(day);
 * }</pre>
 */
public final class CustomersSpec implements IngestSpec {
  /**
   * Raw customers: {@code customer_id} required; {@code email}, {@code first_name}, {@code
   * last_name}, {@code signup_ts}, {@code country}, {@code city} optional.
   */
  public static final DataContract CONTRACT =
      DataContract.builder("customers")
          .required("customer_id", STRING)
          .optional("email", STRING)
          .optional("first_name", STRING)
          .optional("last_name", STRING)
          .optional("signup_ts", TIMESTAMP)
          .optional("country", STRING)
          .optional("city", STRING)
          .build();

  /** The table's columns (the run metadata columns follow them). */
  public static final StructType TABLE_SCHEMA =
      StructType.fromDDL(
          "customer_id string NOT NULL, email string, first_name string, last_name string,"
              + " signup_ts timestamp, country string, city string");

  /** Unpartitioned, 128 MiB files. */
  public static final TableLayout LAYOUT =
      new TableLayout("", "customer_id", TableLayout.DEFAULT_TARGET_FILE_SIZE);

  @Override
  public String domain() {
    return "ecommerce";
  }

  @Override
  public String dataset() {
    return "customers";
  }

  @Override
  public DataContract contract() {
    return CONTRACT;
  }

  @Override
  public TableLayout layout() {
    return LAYOUT;
  }

  @Override
  public StructType tableSchema() {
    return TABLE_SCHEMA;
  }

  @Override
  public Transform prepare() {
    return CustomerTransforms.prepare();
  }

  @Override
  public Transform deduplicate() {
    return CustomerTransforms.deduplicate();
  }
}
