package io.gridata.pipeline;

import static java.util.Objects.requireNonNull;

import io.gridata.lineage.ColumnLineage;
import io.gridata.lineage.DatasetMetadata;
import io.gridata.lineage.DatasetRef;
import io.gridata.lineage.Env;
import io.gridata.lineage.FieldRef;
import io.gridata.lineage.Flow;
import io.gridata.lineage.IcebergSchemas;
import io.gridata.lineage.Job;
import io.gridata.lineage.Owner;
import io.gridata.lineage.Run;
import io.gridata.lineage.RunLineage;
import io.gridata.lineage.RunStatus;
import io.gridata.quality.QualityReport;
import java.time.Instant;
import java.util.Optional;
import org.apache.iceberg.Schema;

/**
 * What a Customer 360 run did, as lineage: the customers, orders and clickstream tables read, the
 * {@code build_customer_360} job of the {@code analytics_customer_360} flow, the Customer 360 table
 * written with its Iceberg schema, column-level edges from each derived metric to the input columns
 * it is computed from, the run with its result, and one assertion per quality rule.
 */
public final class Customer360Lineage {
  /** The pipeline: one DataHub dataFlow. */
  public static final String FLOW_ID = "analytics_customer_360";

  /** The step: one DataHub dataJob. */
  public static final String JOB_ID = "build_customer_360";

  /** {@code PROD}, cluster {@code prod}, the table owned by the {@code analytics} group. */
  public static final LineageIdentity DEFAULT_IDENTITY = LineageIdentity.production("analytics");

  private final Env env;
  private final String cluster;
  private final Owner owner;

  /** Lineage in {@code identity}'s environment, the flow on its cluster, the table of its owner. */
  public Customer360Lineage(LineageIdentity identity) {
    requireNonNull(identity, "identity is null");
    this.env = identity.env();
    this.cluster = identity.cluster();
    this.owner = identity.owner();
  }

  /** Spark names of the job's tables ({@code catalog.namespace.table}). */
  public record Tables(String customers, String orders, String clickstream, String output) {
    /** Validates. */
    public Tables {
      requireNonNull(customers, "customers is null");
      requireNonNull(orders, "orders is null");
      requireNonNull(clickstream, "clickstream is null");
      requireNonNull(output, "output is null");
    }
  }

  /**
   * The lineage of run {@code runId}.
   *
   * @param schema the Customer 360 table's Iceberg schema
   * @param succeeded whether the run published
   * @param quality the quality report of the output, if the gate judged it
   */
  public RunLineage of(
      String runId,
      Tables tables,
      Schema schema,
      Instant start,
      Instant end,
      boolean succeeded,
      Optional<QualityReport> quality) {
    requireNonNull(tables, "tables is null");
    DatasetRef customers = IngestLineage.iceberg(tables.customers(), env);
    DatasetRef orders = IngestLineage.iceberg(tables.orders(), env);
    DatasetRef clicks = IngestLineage.iceberg(tables.clickstream(), env);
    DatasetRef out = IngestLineage.iceberg(tables.output(), env);
    FieldRef orderTs = orders.field("order_ts");
    FieldRef status = orders.field("status");
    FieldRef total = orders.field("total_amount");
    FieldRef eventTs = clicks.field("event_ts");
    FieldRef session = clicks.field("session_id");
    FieldRef eventType = clicks.field("event_type");
    Job.Builder job =
        Job.builder(
                Flow.of(FLOW_ID, cluster)
                    .withDescription("Customers, orders and clickstream to Customer 360"),
                JOB_ID)
            .description("One row per current customer as of a date: RFM, value, behaviour, risk")
            .inputs(customers, orders, clicks)
            .outputs(out)
            .property("engine", "spark");
    for (String column :
        new String[] {
          "customer_id", "email", "first_name", "last_name", "country", "city", "signup_ts"
        }) {
      job.columnLineage(
          ColumnLineage.of(out.field(column), "current version", customers.field(column)));
    }
    FieldRef eventId = clicks.field("event_id");
    Object[][] edges = {
      {"first_order_ts", "min(order_ts)", orderTs},
      {"last_order_ts", "max(order_ts)", orderTs},
      {"order_count", "count of orders, every status", orderTs},
      {"cancelled_count", "count of CANCELLED orders", status},
      {"returned_count", "count of RETURNED orders", status},
      {"total_spent", "sum(total_amount) of orders not CANCELLED or RETURNED", total, status},
      {"monetary", "total_spent", total, status},
      {"historical_value", "total_spent", total, status},
      {"frequency", "count of orders not CANCELLED or RETURNED", status},
      {"avg_order_value", "total_spent / frequency", total, status},
      {"recency_days", "as-of date - date of the last counted order", orderTs, status},
      {"r_score", "rank quintile of recency_days over active customers", orderTs, status},
      {"f_score", "rank quintile of frequency over active customers", status},
      {"m_score", "rank quintile of monetary over active customers", total, status},
      {"rfm_segment", "label of (r_score, f_score, m_score)", orderTs, status, total},
      {
        "tenure_days", "max(min tenure, as-of date - first counted order date + 1)", orderTs, status
      },
      {"purchase_frequency_per_year", "frequency * 365 / tenure_days", orderTs, status},
      {
        "projected_ltv",
        "avg_order_value x purchases per year x expected lifespan",
        total,
        status,
        orderTs
      },
      {"recent_orders", "counted orders in the trend window before the cutoff", orderTs, status},
      {"prior_orders", "counted orders in the trend window before that", orderTs, status},
      {"events", "count of events", eventId},
      {"page_views", "count of page_view events", eventType},
      {"sessions", "session_id, else 30 minutes of inactivity", session, eventTs},
      {"recent_sessions", "sessions ending in the engagement window", session, eventTs},
      {"avg_session_duration_seconds", "mean of last - first event per session", session, eventTs},
      {"conversion_rate", "sessions with a purchase / sessions", session, eventTs, eventType},
      {
        "cart_abandonment_rate",
        "sessions with add_to_cart and no purchase / sessions with add_to_cart",
        session,
        eventTs,
        eventType
      },
      {"segment", "thresholds of total_spent", total, status},
      {"activity_status", "thresholds of recency_days", orderTs, status},
      {
        "churn_risk",
        "weighted recency, order trend and recent sessions",
        orderTs,
        status,
        eventTs,
        session
      }
    };
    for (Object[] edge : edges) {
      FieldRef[] upstreams = new FieldRef[edge.length - 2];
      for (int i = 2; i < edge.length; i++) {
        upstreams[i - 2] = (FieldRef) edge[i];
      }
      job.columnLineage(ColumnLineage.of(out.field((String) edge[0]), (String) edge[1], upstreams));
    }
    Run run = Run.finished(runId, start, end, succeeded ? RunStatus.SUCCESS : RunStatus.FAILURE);
    RunLineage.Builder lineage =
        RunLineage.builder(job.build(), run)
            .dataset(
                DatasetMetadata.builder(out)
                    .description(
                        "One row per current customer as of a date: order metrics, RFM, lifetime"
                            + " value, clickstream behaviour, segment, activity status, churn risk")
                    .property("format", "iceberg/parquet")
                    .property("write", "create-or-replace per run")
                    .fields(IcebergSchemas.fields(schema))
                    .owner(owner)
                    .tags("analytics", "customer-360")
                    .build());
    quality.ifPresent(report -> lineage.assertions(IngestLineage.assertions(report, out, end)));
    return lineage.build();
  }
}
