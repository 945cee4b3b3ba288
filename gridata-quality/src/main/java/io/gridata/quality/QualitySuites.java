package io.gridata.quality;

import java.util.ArrayList;
import java.util.List;

/** The suites that ship with Gridata, read from YAML on the class path. */
public final class QualitySuites {
  /** Class-path location of {@link #orders()}. */
  public static final String ORDERS_RESOURCE = "io/gridata/quality/orders-suite.yaml";

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
    QualitySuite shipped = orders();
    List<Rule> rules = new ArrayList<>();
    for (Rule rule : shipped.rules()) {
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
    return new QualitySuite(shipped.name(), shipped.keyColumns(), rules);
  }
}
