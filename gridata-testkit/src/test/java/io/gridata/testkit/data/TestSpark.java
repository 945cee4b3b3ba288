package io.gridata.testkit.data;

import io.gridata.testkit.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

/** The JVM's local SparkSession for these tests (reused across test classes). */
final class TestSpark {
  private TestSpark() {}

  static SparkSession session() {
    return SparkSessions.shared();
  }
}
