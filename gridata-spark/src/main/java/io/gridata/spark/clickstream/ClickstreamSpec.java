package io.gridata.spark.clickstream;

import io.gridata.core.contract.Contracts;
import io.gridata.core.contract.DataContract;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.ingest.IngestTables;
import io.gridata.spark.transform.ClickTransforms;
import io.gridata.spark.transform.Transform;
import io.gridata.spark.write.TableLayout;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Raw clickstream events ({@code raw/ecommerce/clickstream/}) into {@code
 * gridata.ecommerce.clickstream}, partitioned by {@code days(event_ts)} and sorted by {@code
 * event_ts} within files; one row per {@code event_id} within a batch. Anonymous events (no {@code
 * customer_id}) are kept. Transforms and reasons: {@link ClickTransforms}.
 *
 * <pre>{@code
 * IngestJob.builder(spark, zone, new ClickstreamSpec()).build().run(day);
 * }</pre>
 */
public final class ClickstreamSpec implements IngestSpec {
  /** days(event_ts), sorted by event_ts, 128 MiB files. */
  public static final TableLayout LAYOUT =
      new TableLayout("days(event_ts)", "event_ts", TableLayout.DEFAULT_TARGET_FILE_SIZE);

  @Override
  public String domain() {
    return "ecommerce";
  }

  @Override
  public String dataset() {
    return "clickstream";
  }

  @Override
  public DataContract contract() {
    return Contracts.clickstream();
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
        "event_id string NOT NULL, customer_id string, session_id string,"
            + " event_ts timestamp NOT NULL, event_date date NOT NULL, event_type string NOT NULL,"
            + " page_url string, product_id string, device string, referrer string",
        LAYOUT);
  }

  @Override
  public Transform prepare() {
    return ClickTransforms.prepare();
  }

  @Override
  public Transform deduplicate() {
    return ClickTransforms.deduplicate();
  }

  @Override
  public List<String> tableColumns() {
    return ClickTransforms.TABLE_COLUMNS;
  }
}
