package io.gridata.testkit.junit;

import io.gridata.testkit.LakehouseStack;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A started stack plus the Spark sessions wired to it, kept in JUnit's store. Spark classes are
 * reached only through {@link SparkBinding}, when a test asks for a SparkSession, so tests without
 * Spark on the classpath work.
 */
final class StackHandle implements AutoCloseable {
  private final LakehouseStack stack;
  private final Map<String, Object> sessions = new HashMap<>();

  StackHandle(LakehouseStack stack) {
    this.stack = stack;
  }

  LakehouseStack stack() {
    return stack;
  }

  synchronized Object spark(String catalogName, ExtensionContext.Store rootStore) {
    rootStore.getOrComputeIfAbsent(
        "spark-context", k -> (AutoCloseable) SparkBinding::stopShared, Object.class);
    return sessions.computeIfAbsent(
        catalogName, name -> SparkBinding.sessionFor(name, stack.catalog()));
  }

  @Override
  public void close() {
    stack.close();
  }
}
