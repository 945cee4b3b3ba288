package io.gridata.quality;

import io.gridata.spark.orders.OrdersSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The suites that ship with Gridata, read from YAML on the class path. Each lives with its dataset
 * in gridata-spark (the orders one beside {@code OrdersSpec}, which names it as its {@code
 * qualitySuite()}; the Customer 360 one beside the Customer 360 job), so these need gridata-spark
 * on the class path, as any job writing those tables has.
 */
public final class QualitySuites {
  /** Class-path location of {@link #orders()}. */
  public static final String ORDERS_RESOURCE = OrdersSpec.QUALITY_SUITE;

  /** Class-path location of {@link #customer360()}. */
  public static final String CUSTOMER360_RESOURCE =
      "io/gridata/spark/customer360/customer360-suite.yaml";

  /** The customers table {@link #customer360()} checks references against. */
  public static final String CUSTOMERS_TABLE = "gridata.ecommerce.customers";

  private QualitySuites() {}

  /**
   * The default suite of {@code gridata.ecommerce.orders}: at least one row; quarantined rows at
   * most 5% of the rows read (error); duplicates dropped at most 1% (warn); no null {@code
   * customer_id} or {@code order_ts} (error); {@code total_amount} within [0, 1,000,000] (error);
   * {@code order_ts} at most a day in the future and at most 10 years old (error); the row count
   * within 50% of the mean of the last 7 passed runs, once there is one (warn); every {@code
   * customer_id} in {@code gridata.ecommerce.customers}, when that table exists (warn).
   *
   * <p>It needs the counts {@code rows_read}, {@code rows_quarantined} and {@code
   * duplicates_dropped} in the {@link BatchContext}. The file is {@value #ORDERS_RESOURCE}.
   */
  public static QualitySuite orders() {
    return SuiteYaml.resource(ORDERS_RESOURCE);
  }

  /**
   * {@link #orders()} for tables in catalog {@code catalog}: its reference rule checks {@code
   * <catalog>.ecommerce.customers}.
   */
  public static QualitySuite orders(String catalog) {
    return inCatalog(orders(), catalog);
  }

  /**
   * {@code suite} for tables in catalog {@code catalog}: each reference rule checks its reference
   * table in that catalog ({@code gridata.ecommerce.customers} becomes {@code
   * <catalog>.ecommerce.customers}); the other rules are as they are.
   */
  public static QualitySuite inCatalog(QualitySuite suite, String catalog) {
    QualityConfigException.check(
        catalog != null && !catalog.isBlank(),
        "Cannot move suite %s to a catalog: the catalog name is empty",
        suite.name());
    List<Rule> rules = new ArrayList<>();
    for (Rule rule : suite.rules()) {
      if (rule instanceof Rule.References r) {
        String table = catalog + r.referenceTable().substring(r.referenceTable().indexOf('.'));
        rule =
            new Rule.References(
                r.name(),
                r.severity(),
                r.columns(),
                table,
                r.referenceColumns(),
                r.maxOrphanFraction());
      }
      rules.add(rule);
    }
    return new QualitySuite(suite.name(), suite.keyColumns(), rules);
  }

  /**
   * The default suite of {@code gridata.analytics.customer_360}, run on the rows a Customer 360 run
   * staged (all rules errors): at least one row; {@code customer_id} never null and unique (one row
   * per customer); {@code segment} and {@code activity_status} never null and one of their labels;
   * {@code r_score}, {@code f_score}, {@code m_score} within [1, 5] and {@code churn_risk} within
   * [0, 1] where set; {@code total_spent} not negative; the scores and churn risk set exactly for
   * customers with a counted order ({@code frequency > 0}); every {@code customer_id} in {@value
   * #CUSTOMERS_TABLE} (skipped when that table does not exist).
   *
   * <p>The file is {@value #CUSTOMER360_RESOURCE}.
   */
  public static QualitySuite customer360() {
    return SuiteYaml.resource(CUSTOMER360_RESOURCE);
  }

  /** {@link #customer360()} with its reference rule checking {@code customersTable} instead. */
  public static QualitySuite customer360(String customersTable) {
    QualityConfigException.check(
        customersTable != null && !customersTable.isBlank(),
        "Cannot build the customer360 suite: the customers table name is empty");
    QualitySuite shipped = customer360();
    List<Rule> rules = new ArrayList<>();
    for (Rule rule : shipped.rules()) {
      if (rule instanceof Rule.References r) {
        rule =
            new Rule.References(
                r.name(),
                r.severity(),
                r.columns(),
                customersTable,
                r.referenceColumns(),
                r.maxOrphanFraction());
      }
      rules.add(rule);
    }
    return new QualitySuite(shipped.name(), shipped.keyColumns(), rules);
  }
}
