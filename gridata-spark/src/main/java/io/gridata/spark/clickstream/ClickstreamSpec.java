package io.gridata.spark.clickstream;

import static io.gridata.core.contract.ColumnType.STRING;
import static io.gridata.core.contract.ColumnType.TIMESTAMP;

import io.gridata.core.contract.DataContract;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.transform.Transform;
import io.gridata.spark.write.TableLayout;
import org.apache.spark.sql.types.StructType;

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
  /**
   * Raw clickstream: {@code event_id}, {@code event_ts}, {@code event_type} required; {@code
   * customer_id} (null for anonymous), {@code session_id} (null: sessionized by 30 minutes of
   * inactivity), {@code page_url}, {@code product_id}, {@code device}, {@code referrer} optional.
   */
  public static final DataContract CONTRACT =
      DataContract.builder("clickstream")
          .required("event_id", STRING)
          .optional("customer_id", STRING)
          .optional("session_id", STRING)
          .required("event_ts", TIMESTAMP)
          .required("event_type", STRING)
          .optional("page_url", STRING)
          .optional("product_id", STRING)
          .optional("device", STRING)
          .optional("referrer", STRING)
          .build();

  /** The table's columns (the run metadata columns follow them). */
  public static final StructType TABLE_SCHEMA =
      StructType.fromDDL(
          "event_id string NOT NULL, customer_id string, session_id string,"
              + " event_ts timestamp NOT NULL, event_date date NOT NULL, event_type string NOT NULL,"
              + " page_url string, product_id string, device string, referrer string");

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
    return ClickTransforms.prepare();
  }

  @Override
  public Transform deduplicate() {
    return ClickTransforms.deduplicate();
  }
}
