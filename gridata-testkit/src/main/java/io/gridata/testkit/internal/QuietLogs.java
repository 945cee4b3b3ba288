package io.gridata.testkit.internal;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Silences loggers that report expected answers as errors, when Log4j 2 (Spark's backend) logs this
 * JVM and the application has not configured that logger itself.
 */
public final class QuietLogs {
  private QuietLogs() {}

  /**
   * Iceberg's {@code RESTCatalogServlet} logs every error answer (an ordinary 404 for a table or
   * branch probed before it exists) at ERROR with a stack trace after sending it to the client,
   * which sees and handles it. Turned off unless the application's Log4j configuration names it.
   */
  public static void restCatalogServlet() {
    silence("org.apache.iceberg.rest.RESTCatalogServlet");
  }

  private static void silence(String logger) {
    try {
      if (LogManager.getContext(false) instanceof LoggerContext context
          && !context.getConfiguration().getLoggers().containsKey(logger)) {
        Configurator.setLevel(logger, Level.OFF);
      }
    } catch (LinkageError otherBackend) {
      // Log4j 2 core is not this JVM's backend: its own configuration decides.
    }
  }
}
