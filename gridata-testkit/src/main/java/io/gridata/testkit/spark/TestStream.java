package io.gridata.testkit.spark;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SparkSession;

/**
 * A streaming source a test feeds by hand: Spark's {@code MemoryStream}, on every Spark line
 * Gridata builds for. Spark 4.1 moved the class to {@code
 * org.apache.spark.sql.execution.streaming.runtime} and its factory takes the session where 3.5's
 * and 4.0's take a {@code SQLContext}; this wrapper finds whichever the class path has, so one test
 * source runs on all three.
 *
 * <pre>{@code
 * TestStream<String> input = TestStream.of(spark, Encoders.STRING());
 * StreamingQuery query = input.toDF().writeStream().format("memory").queryName("out").start();
 * input.add(List.of("a", "b"));
 * query.processAllAvailable();
 * }</pre>
 *
 * @param <T> the type of the values added
 */
public final class TestStream<T> {
  private static final List<String> CLASS_NAMES =
      List.of(
          "org.apache.spark.sql.execution.streaming.runtime.MemoryStream", // Spark 4.1+
          "org.apache.spark.sql.execution.streaming.MemoryStream"); // Spark 3.5, 4.0

  private final Object stream;

  private TestStream(Object stream) {
    this.stream = stream;
  }

  /** A new, empty stream of {@code encoder}'s values in {@code spark}. */
  public static <T> TestStream<T> of(SparkSession spark, Encoder<T> encoder) {
    requireNonNull(spark, "spark is null");
    requireNonNull(encoder, "encoder is null");
    Class<?> memoryStream = memoryStreamClass();
    for (Method m : memoryStream.getMethods()) {
      if (!m.getName().equals("apply")
          || !Modifier.isStatic(m.getModifiers())
          || m.getParameterCount() != 2) {
        continue;
      }
      Class<?>[] types = m.getParameterTypes();
      Object[] args = new Object[2];
      for (int i = 0; i < 2; i++) {
        if (types[i] == Encoder.class) {
          args[i] = encoder;
        } else if (types[i] == SparkSession.class) {
          args[i] = spark;
        } else if (types[i] == SQLContext.class) {
          args[i] = spark.sqlContext();
        }
      }
      if (args[0] != null && args[1] != null) {
        return new TestStream<>(invoke(m, null, args));
      }
    }
    throw new IllegalStateException(
        "Cannot create a MemoryStream: " + memoryStream + " has no apply(Encoder, session)");
  }

  /** The stream as a streaming DataFrame (column {@code value} for a single-value encoder). */
  @SuppressWarnings("unchecked")
  public Dataset<Row> toDF() {
    try {
      return (Dataset<Row>) invoke(stream.getClass().getMethod("toDF"), stream);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("Cannot read " + stream.getClass() + ": no toDF()", e);
    }
  }

  /** Adds {@code values} as the next offset: the next micro-batch reads them. */
  @SafeVarargs
  public final void add(T... values) {
    add(List.of(values));
  }

  /** Adds {@code values} as the next offset: the next micro-batch reads them. */
  @SuppressWarnings("deprecation") // JavaConverters: the converter Scala 2.12 and 2.13 both have
  public void add(List<T> values) {
    requireNonNull(values, "values is null");
    scala.collection.immutable.List<T> seq =
        scala.collection.JavaConverters.asScalaBuffer(values).toList();
    for (Method m : stream.getClass().getMethods()) {
      if (m.getName().equals("addData")
          && m.getParameterCount() == 1
          && m.getParameterTypes()[0].getSimpleName().equals("Seq")
          && m.getParameterTypes()[0].isInstance(seq)) {
        invoke(m, stream, seq);
        return;
      }
    }
    throw new IllegalStateException("Cannot add to " + stream.getClass() + ": no addData(Seq)");
  }

  private static Class<?> memoryStreamClass() {
    for (String name : CLASS_NAMES) {
      try {
        return Class.forName(name, true, SparkSession.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        // the other Spark line's name
      }
    }
    throw new IllegalStateException("No MemoryStream on the class path: tried " + CLASS_NAMES);
  }

  private static Object invoke(Method m, Object target, Object... args) {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("MemoryStream." + m.getName() + " failed: " + cause, cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("Cannot call MemoryStream." + m.getName(), e);
    }
  }
}
