package io.gridata.spark.customers;

import io.gridata.core.contract.Contracts;
import io.gridata.core.contract.DataContract;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.ingest.IngestTables;
import io.gridata.spark.transform.CustomerTransforms;
import io.gridata.spark.transform.Transform;
import io.gridata.spark.write.TableLayout;
import java.util.List;
import org.apache.spark.sql.SparkSession;

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
    return Contracts.customers();
  }

  @Override
  public TableLayout layout() {
    return LAYOUT;
  }

  @Override
  public void createTable(SparkSession spark, String table) {
    IngestTables.createTable(
        spark,
        table,
        "customer_id string NOT NULL, email string, first_name string, last_name string,"
            + " signup_ts timestamp, country string, city string",
        LAYOUT);
  }

  @Override
  public Transform prepare() {
    return CustomerTransforms.prepare();
  }

  @Override
  public Transform deduplicate() {
    return CustomerTransforms.deduplicate();
  }

  @Override
  public List<String> tableColumns() {
    return CustomerTransforms.COLUMNS;
  }
}
