package io.gridata.testkit.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

  /**
   * Turns {@code logger} off now and again after every reconfiguration of the context: Spark
   * replaces a JVM's default Log4j configuration with its own when its first session starts, which
   * would bring the logger back. Once per logger and context.
   */
  private static void silence(String logger) {
    try {
      if (LogManager.getContext(false) instanceof LoggerContext context
          && SILENCED.add(logger + "@" + System.identityHashCode(context))) {
        turnOff(context, logger);
        context.addPropertyChangeListener(
            change -> {
              if (LoggerContext.PROPERTY_CONFIG.equals(change.getPropertyName())) {
                turnOff(context, logger);
              }
            });
      }
    } catch (LinkageError otherBackend) {
      // Log4j 2 core is not this JVM's backend: its own configuration decides.
    }
  }

  private static void turnOff(LoggerContext context, String logger) {
    if (!context.getConfiguration().getLoggers().containsKey(logger)) {
      Configurator.setLevel(logger, Level.OFF);
    }
  }

  private static final Set<String> SILENCED = ConcurrentHashMap.newKeySet();
}
