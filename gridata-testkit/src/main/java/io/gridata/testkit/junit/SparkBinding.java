package io.gridata.testkit.junit;

import io.gridata.testkit.CatalogEndpoint;
import io.gridata.testkit.spark.SparkSessions;

/** The extension's only contact with Spark classes, loaded on first SparkSession parameter. */
final class SparkBinding {
  private SparkBinding() {}

  static Object sessionFor(String catalogName, CatalogEndpoint catalog) {
    return SparkSessions.forCatalog(catalogName, catalog);
  }

  static void stopShared() {
    SparkSessions.shared().stop();
  }
}
