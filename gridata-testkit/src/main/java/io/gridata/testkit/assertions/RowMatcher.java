package io.gridata.testkit.assertions;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Compares Spark rows by value: doubles and floats within an absolute tolerance, decimals and
 * integers by numeric value, structs, arrays and maps recursively.
 */
final class RowMatcher {
  private final double tolerance;

  RowMatcher(double tolerance) {
    this.tolerance = tolerance;
  }

  /** The result of matching two multisets of rows. */
  record Difference(List<Row> missing, List<Row> unexpected) {
    boolean isEmpty() {
      return missing.isEmpty() && unexpected.isEmpty();
    }
  }

  /**
   * Pairs every actual row with an equal expected row (greedy, first match). With a zero tolerance
   * the result is exact; with a tolerance, rows that are all within tolerance of each other pair up
   * in file order, which is what small test data needs.
   */
  Difference diff(List<Row> actual, List<Row> expected) {
    List<Row> missing = new ArrayList<>(expected);
    List<Row> unexpected = new ArrayList<>();
    for (Row row : actual) {
      boolean found = false;
      for (Iterator<Row> it = missing.iterator(); it.hasNext(); ) {
        if (rowsEqual(row, it.next())) {
          it.remove();
          found = true;
          break;
        }
      }
      if (!found) {
        unexpected.add(row);
      }
    }
    return new Difference(missing, unexpected);
  }

  boolean rowsEqual(Row a, Row b) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      if (!valuesEqual(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  boolean valuesEqual(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return numbersEqual(x, y);
    }
    if (a instanceof Row x && b instanceof Row y) {
      return rowsEqual(x, y);
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    List<?> listA = asList(a);
    List<?> listB = asList(b);
    if (listA != null && listB != null) {
      if (listA.size() != listB.size()) {
        return false;
      }
      for (int i = 0; i < listA.size(); i++) {
        if (!valuesEqual(listA.get(i), listB.get(i))) {
          return false;
        }
      }
      return true;
    }
    Map<?, ?> mapA = asMap(a);
    Map<?, ?> mapB = asMap(b);
    if (mapA != null && mapB != null) {
      if (mapA.size() != mapB.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : mapA.entrySet()) {
        if (!mapB.containsKey(e.getKey()) || !valuesEqual(e.getValue(), mapB.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private boolean numbersEqual(Number a, Number b) {
    if (isFloating(a) || isFloating(b)) {
      double x = a.doubleValue();
      double y = b.doubleValue();
      if (Double.isNaN(x) || Double.isNaN(y)) {
        return Double.isNaN(x) && Double.isNaN(y);
      }
      return x == y || Math.abs(x - y) <= tolerance;
    }
    if (isIntegral(a) && isIntegral(b)) {
      return a.longValue() == b.longValue();
    }
    return toBigDecimal(a).compareTo(toBigDecimal(b)) == 0;
  }

  private static boolean isIntegral(Number n) {
    return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
  }

  private static boolean isFloating(Number n) {
    return n instanceof Double || n instanceof Float;
  }

  private static BigDecimal toBigDecimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    } else if (n instanceof BigInteger i) {
      return new BigDecimal(i);
    } else if (n instanceof scala.math.BigDecimal d) {
      return d.bigDecimal();
    } else if (isIntegral(n)) {
      return BigDecimal.valueOf(n.longValue());
    }
    return new BigDecimal(n.toString());
  }

  private static List<?> asList(Object value) {
    if (value instanceof List<?> list) {
      return list;
    } else if (value instanceof scala.collection.Seq<?> seq) {
      // Scala's own iterator: the Java converters of Scala 2.12 and 2.13 differ
      List<Object> list = new ArrayList<>();
      scala.collection.Iterator<?> it = seq.iterator();
      while (it.hasNext()) {
        list.add(it.next());
      }
      return list;
    } else if (value instanceof Object[] array) {
      return Arrays.asList(array);
    }
    return null;
  }

  private static Map<?, ?> asMap(Object value) {
    if (value instanceof Map<?, ?> map) {
      return map;
    } else if (value instanceof scala.collection.Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      scala.collection.Iterator<? extends scala.Tuple2<?, ?>> it = map.iterator();
      while (it.hasNext()) {
        scala.Tuple2<?, ?> entry = it.next();
        copy.put(entry._1(), entry._2());
      }
      return copy;
    }
    return null;
  }
}
