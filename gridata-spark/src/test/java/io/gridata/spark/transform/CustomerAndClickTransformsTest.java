package io.gridata.spark.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.spark.clickstream.ClickTransforms;
import io.gridata.spark.customers.CustomerTransforms;
import io.gridata.testkit.spark.SparkSessions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CustomerAndClickTransformsTest {
  private static SparkSession spark;

  @BeforeAll
  static void spark() {
    spark = SparkSessions.shared();
  }

  @Test
  void customersAreNormalizedAndEachBadValueNamed() {
    Dataset<Row> raw =
        rows(
            CustomerTransforms.COLUMNS,
            new String[] {
              " C1 ", " Ann.Lee@Example.COM ", "Ann", "Lee", "2026-01-02 03:04:05", "de", ""
            },
            new String[] {"C2", "not-an-email", null, null, null, "Germany", null},
            new String[] {"  ", null, null, null, "yesterday", null, null});

    Map<String, Row> byId = new TreeMap<>();
    CustomerTransforms.prepare()
        .apply(raw)
        .collectAsList()
        .forEach(r -> byId.put(String.valueOf(r.<String>getAs("customer_id")), r));

    Row c1 = byId.get("C1");
    assertThat(c1.<String>getAs("email")).isEqualTo("ann.lee@example.com");
    assertThat(c1.<String>getAs("country")).isEqualTo("DE");
    assertThat(c1.<String>getAs("city")).isNull();
    assertThat(c1.<java.sql.Timestamp>getAs("signup_ts").toInstant())
        .hasToString("2026-01-02T03:04:05Z");
    assertThat(c1.getList(c1.fieldIndex(IngestColumns.ERRORS))).isEmpty();
    assertThat(byId.get("C2").getList(c1.fieldIndex(IngestColumns.ERRORS)))
        .containsExactly("invalid_email", "invalid_country");
    assertThat(byId.get("null").getList(c1.fieldIndex(IngestColumns.ERRORS)))
        .containsExactly("missing_customer_id", "invalid_signup_ts");
  }

  @Test
  void clicksKeepAnonymousEventsAndNameBadOnes() {
    Dataset<Row> raw =
        rows(
            ClickTransforms.RAW_COLUMNS,
            new String[] {
              "E1", null, null, "2026-11-01T23:59:59Z", " Page_View ", null, null, "Mobile", null
            },
            new String[] {"E2", "C1", "S1", "1793520930000", "wishlist", null, null, null, null},
            new String[] {null, "C1", "S1", "bad", null, null, null, null, null});

    Map<String, Row> byId = new TreeMap<>();
    ClickTransforms.prepare()
        .apply(raw)
        .collectAsList()
        .forEach(r -> byId.put(String.valueOf(r.<String>getAs("event_id")), r));

    Row e1 = byId.get("E1");
    int errors = e1.fieldIndex(IngestColumns.ERRORS);
    assertThat(e1.getList(errors)).isEmpty();
    assertThat(e1.<String>getAs("event_type")).isEqualTo("page_view");
    assertThat(e1.<String>getAs("device")).isEqualTo("mobile");
    assertThat(e1.<java.sql.Date>getAs("event_date")).hasToString("2026-11-01");
    assertThat(byId.get("E2").getList(errors)).containsExactly("invalid_event_type");
    assertThat(byId.get("null").getList(errors))
        .containsExactly("missing_event_id", "invalid_event_ts", "invalid_event_type");
  }

  @Test
  void eventDatesAreUtcWhateverTheSessionTimeZone() {
    String zone = spark.conf().get("spark.sql.session.timeZone");
    spark.conf().set("spark.sql.session.timeZone", "America/Los_Angeles");
    try {
      Row e1 =
          ClickTransforms.prepare()
              .apply(
                  rows(
                      ClickTransforms.RAW_COLUMNS,
                      new String[] {
                        "E1",
                        null,
                        null,
                        "2026-11-02T02:00:00Z",
                        "page_view",
                        null,
                        null,
                        null,
                        null
                      }))
              .first();
      assertThat(e1.<java.sql.Date>getAs("event_date").toLocalDate()).hasToString("2026-11-02");
    } finally {
      spark.conf().set("spark.sql.session.timeZone", zone);
    }
  }

  private static Dataset<Row> rows(List<String> columns, String[]... values) {
    List<StructField> fields = new ArrayList<>();
    columns.forEach(c -> fields.add(DataTypes.createStructField(c, DataTypes.StringType, true)));
    List<Row> rows = new ArrayList<>();
    Arrays.stream(values).forEach(v -> rows.add(RowFactory.create((Object[]) v)));
    return spark.createDataFrame(rows, DataTypes.createStructType(fields));
  }
}
