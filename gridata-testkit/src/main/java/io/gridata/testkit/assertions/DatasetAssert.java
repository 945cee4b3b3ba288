package io.gridata.testkit.assertions;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions for Spark {@code Dataset<Row>}: row equality ignoring order (doubles and
 * floats within an absolute tolerance, decimals and integers by value), schema and column checks,
 * row counts, with failure messages that list the missing and unexpected rows (first {@value
 * #MAX_LISTED} of each) and schema differences field by field.
 *
 * <pre>{@code
 * DatasetAssert.assertThat(orders)
 *     .hasColumns("order_id", "total_amount")
 *     .withTolerance(1e-6)
 *     .containsExactlyInAnyOrder(RowFactory.create("O1", 12.5), RowFactory.create("O2", 3.0));
 * }</pre>
 *
 * <p>Row assertions collect the dataset (and the expected dataset) to the driver: they are meant
 * for small test data (thousands of rows at most), not for production-size datasets. The collected
 * rows are cached, so chained row assertions run the plan once.
 */
public final class DatasetAssert extends AbstractAssert<DatasetAssert, Dataset<Row>> {
  /** Default absolute tolerance for doubles and floats. */
  public static final double DEFAULT_TOLERANCE = 1e-9;

  /** How many missing and how many unexpected rows a failure message lists. */
  public static final int MAX_LISTED = 20;

  private double tolerance = DEFAULT_TOLERANCE;
  private List<Row> collected;

  private DatasetAssert(Dataset<Row> actual) {
    super(actual, DatasetAssert.class);
  }

  /** Starts assertions on {@code actual}. */
  public static DatasetAssert assertThat(Dataset<Row> actual) {
    return new DatasetAssert(actual);
  }

  /**
   * Sets the absolute tolerance for double and float values in the row comparisons that follow;
   * {@value #DEFAULT_TOLERANCE} by default. Decimals are always compared exactly by value.
   */
  public DatasetAssert withTolerance(double absoluteTolerance) {
    if (!(absoluteTolerance >= 0)) {
      throw new IllegalArgumentException(
          "Cannot set tolerance: must be >= 0 (" + absoluteTolerance + ")");
    }
    this.tolerance = absoluteTolerance;
    return myself;
  }

  /** Verifies that the dataset has exactly {@code expected} rows. */
  public DatasetAssert hasRowCount(long expected) {
    isNotNull();
    long count = collected != null ? collected.size() : actual.count();
    if (count != expected) {
      failWithMessage("%s", "Expected dataset to have " + expected + " rows but it has " + count);
    }
    return myself;
  }

  /** Verifies that the dataset has no rows. */
  public DatasetAssert isEmpty() {
    isNotNull();
    if (!actual.isEmpty()) {
      List<Row> some = actual.limit(MAX_LISTED).collectAsList();
      StringBuilder msg = new StringBuilder("Expected dataset to be empty but it has rows, e.g.:");
      listRows(msg, some, some.size(), columnNames());
      failWithMessage("%s", msg.toString());
    }
    return myself;
  }

  /** Verifies that the dataset has these columns (in any order, others allowed). */
  public DatasetAssert hasColumns(String... names) {
    isNotNull();
    requireNonNull(names, "names is null");
    List<String> actualNames = columnNames();
    List<String> missing = Arrays.stream(names).filter(n -> !actualNames.contains(n)).toList();
    if (!missing.isEmpty()) {
      failWithMessage(
          "%s",
          "Expected dataset to have columns "
              + Arrays.toString(names)
              + " but these are missing: "
              + missing
              + "\nactual columns: "
              + actualNames);
    }
    return myself;
  }

  /**
   * Verifies that the dataset's schema equals {@code expected}: same field names in the same order,
   * same types, same nullability (nested too).
   */
  public DatasetAssert hasSchema(StructType expected) {
    return checkSchema(expected, false);
  }

  /** Like {@link #hasSchema(StructType)}, but nullability (nested too) is not compared. */
  public DatasetAssert hasSchemaIgnoringNullability(StructType expected) {
    return checkSchema(expected, true);
  }

  /**
   * Verifies that the dataset holds exactly these rows, in any order, duplicates counted. Values
   * are compared by position; doubles and floats within the tolerance, decimals and integers by
   * value, nested rows, lists and maps recursively.
   */
  public DatasetAssert containsExactlyInAnyOrder(Row... expected) {
    requireNonNull(expected, "expected is null");
    return containsExactlyInAnyOrder(Arrays.asList(expected));
  }

  /** Same as {@link #containsExactlyInAnyOrder(Row...)} with a list. */
  public DatasetAssert containsExactlyInAnyOrder(List<Row> expected) {
    isNotNull();
    requireNonNull(expected, "expected is null");
    int width = columnNames().size();
    String arityNote = "";
    for (Row row : expected) {
      if (row.length() != width) {
        arityNote =
            String.format(
                Locale.ROOT,
                "%nnote: an expected row has %d values but the dataset has %d columns %s",
                row.length(),
                width,
                columnNames());
        break;
      }
    }
    compareRows(rows(), expected, arityNote);
    return myself;
  }

  /**
   * Verifies that the dataset holds the same rows as {@code expected}, in any order, duplicates
   * counted. Both must have the same column names; columns are matched by name, so their order may
   * differ. Types may differ where values compare equal (e.g. int vs long, decimal vs decimal of
   * another scale; doubles within the tolerance).
   */
  public DatasetAssert isEqualToIgnoringOrder(Dataset<Row> expected) {
    isNotNull();
    requireNonNull(expected, "expected is null");
    List<String> actualNames = columnNames();
    List<String> expectedNames = Arrays.asList(expected.columns());
    if (!new LinkedHashSet<>(actualNames).equals(new LinkedHashSet<>(expectedNames))
        || actualNames.size() != expectedNames.size()) {
      StringBuilder msg = new StringBuilder("Expected datasets to have the same columns but:");
      schemaDifferences(msg, expected.schema(), actual.schema(), true);
      failWithMessage("%s", msg.toString());
    }
    Column[] ordered = actualNames.stream().map(functions::col).toArray(Column[]::new);
    compareRows(rows(), expected.select(ordered).collectAsList(), "");
    return myself;
  }

  private DatasetAssert checkSchema(StructType expected, boolean ignoreNullability) {
    isNotNull();
    requireNonNull(expected, "expected is null");
    StringBuilder msg =
        new StringBuilder(
            ignoreNullability
                ? "Expected schema (ignoring nullability) to match but:"
                : "Expected schema to match but:");
    if (schemaDifferences(msg, expected, actual.schema(), ignoreNullability)) {
      msg.append("\nexpected: ").append(expected.treeString());
      msg.append("actual:   ").append(actual.schema().treeString());
      failWithMessage("%s", msg.toString());
    }
    return myself;
  }

  /** Appends one line per difference; returns whether there was any. */
  private static boolean schemaDifferences(
      StringBuilder msg, StructType expected, StructType actual, boolean ignoreNullability) {
    int before = msg.length();
    List<String> expectedNames = Arrays.asList(expected.fieldNames());
    List<String> actualNames = Arrays.asList(actual.fieldNames());
    for (StructField field : expected.fields()) {
      if (!actualNames.contains(field.name())) {
        msg.append(
            String.format(
                "%n  missing field '%s' (%s)", field.name(), field.dataType().simpleString()));
      }
    }
    for (StructField field : actual.fields()) {
      if (!expectedNames.contains(field.name())) {
        msg.append(
            String.format(
                "%n  unexpected field '%s' (%s)", field.name(), field.dataType().simpleString()));
      }
    }
    for (int i = 0; i < expected.fields().length; i++) {
      StructField want = expected.fields()[i];
      int at = actualNames.indexOf(want.name());
      if (at < 0) {
        continue;
      }
      StructField got = actual.fields()[at];
      if (at != i) {
        msg.append(
            String.format(
                "%n  field '%s': expected at position %d but is at %d", want.name(), i, at));
      }
      if (!sameType(want.dataType(), got.dataType(), ignoreNullability)) {
        msg.append(
            String.format(
                "%n  field '%s': expected type %s but was %s",
                want.name(), want.dataType().simpleString(), got.dataType().simpleString()));
      } else if (!ignoreNullability && want.nullable() != got.nullable()) {
        msg.append(
            String.format(
                "%n  field '%s': expected nullable=%s but was nullable=%s",
                want.name(), want.nullable(), got.nullable()));
      }
    }
    return msg.length() > before;
  }

  private static boolean sameType(DataType a, DataType b, boolean ignoreNullability) {
    if (!ignoreNullability) {
      return a.equals(b);
    }
    if (a instanceof StructType x && b instanceof StructType y) {
      if (x.fields().length != y.fields().length) {
        return false;
      }
      for (int i = 0; i < x.fields().length; i++) {
        if (!x.fields()[i].name().equals(y.fields()[i].name())
            || !sameType(x.fields()[i].dataType(), y.fields()[i].dataType(), true)) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof ArrayType x && b instanceof ArrayType y) {
      return sameType(x.elementType(), y.elementType(), true);
    }
    if (a instanceof MapType x && b instanceof MapType y) {
      return sameType(x.keyType(), y.keyType(), true)
          && sameType(x.valueType(), y.valueType(), true);
    }
    return a.equals(b);
  }

  private void compareRows(List<Row> actualRows, List<Row> expectedRows, String note) {
    RowMatcher.Difference diff = new RowMatcher(tolerance).diff(actualRows, expectedRows);
    if (diff.isEmpty()) {
      return;
    }
    List<String> names = columnNames();
    StringBuilder msg =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Expected dataset to contain exactly the expected rows in any order"
                    + " (double tolerance %s) but it has %d rows where %d were expected",
                tolerance,
                actualRows.size(),
                expectedRows.size()));
    msg.append(String.format("%nmissing rows (expected, not found): %d", diff.missing().size()));
    listRows(msg, diff.missing(), diff.missing().size(), names);
    msg.append(
        String.format("%nunexpected rows (found, not expected): %d", diff.unexpected().size()));
    listRows(msg, diff.unexpected(), diff.unexpected().size(), names);
    msg.append(note);
    failWithMessage("%s", msg.toString());
  }

  private static void listRows(StringBuilder msg, List<Row> rows, int total, List<String> names) {
    for (int i = 0; i < Math.min(rows.size(), MAX_LISTED); i++) {
      msg.append("\n  ").append(format(rows.get(i), names));
    }
    if (total > MAX_LISTED) {
      msg.append(String.format("%n  ... and %d more", total - MAX_LISTED));
    }
  }

  /** {@code {order_id="O1", quantity=2, price=9.99}}, positional names when the width differs. */
  static String format(Row row, List<String> names) {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < row.length(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(i < names.size() && row.length() == names.size() ? names.get(i) : "_" + (i + 1));
      out.append('=').append(formatValue(row.get(i)));
    }
    return out.append('}').toString();
  }

  private static String formatValue(Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof String s) {
      return '"' + s + '"';
    } else if (value instanceof BigDecimal d) {
      return d.toPlainString();
    } else if (value instanceof byte[] bytes) {
      return Arrays.toString(bytes);
    }
    return value.toString();
  }

  private List<String> columnNames() {
    return Arrays.asList(actual.columns());
  }

  private List<Row> rows() {
    if (collected == null) {
      collected = actual.collectAsList();
    }
    return collected;
  }
}
