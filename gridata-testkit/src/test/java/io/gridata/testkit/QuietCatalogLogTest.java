package io.gridata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An expected 404 reaches the client and no ERROR with a stack trace reaches the test's log. */
class QuietCatalogLogTest {

  @Test
  void aMissingTableIsA404ForTheClientAndNotAnErrorInTheLog(@TempDir Path dir) throws Exception {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    try (LakehouseStack stack = LakehouseStack.start(Backend.LOCAL, dir)) {
      assertThat(errorsOfA404(context, stack)).isEmpty();
    }
  }

  /**
   * Spark replaces a JVM's default Log4j configuration with its own when its first session starts
   * (an application without a Log4j file of its own): the servlet stays quiet after that too.
   */
  @Test
  void theServletStaysQuietAfterSparkReconfiguresLogging(@TempDir Path dir) throws Exception {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    URI ours = context.getConfigLocation();
    try (LakehouseStack stack = LakehouseStack.start(Backend.LOCAL, dir)) {
      context.setConfigLocation(
          getClass().getResource("/org/apache/spark/log4j2-defaults.properties").toURI());
      assertThat(errorsOfA404(context, stack)).isEmpty();
    } finally {
      context.setConfigLocation(ours);
    }
  }

  /** The loggers that logged at ERROR while the stack's catalog answered 404 for a table. */
  private static List<String> errorsOfA404(LoggerContext context, LakehouseStack stack)
      throws Exception {
    List<LogEvent> errors = new CopyOnWriteArrayList<>();
    AbstractAppender capture =
        new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            if (event.getLevel().isMoreSpecificThan(Level.ERROR)) {
              errors.add(event.toImmutable());
            }
          }
        };
    capture.start();
    context.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
    context.updateLoggers();
    try (RESTCatalog client = stack.catalog().newClient("gridata")) {
      client.createNamespace(Namespace.of("ecommerce"));
      assertThatThrownBy(() -> client.loadTable(TableIdentifier.of("ecommerce", "absent")))
          .isInstanceOf(NoSuchTableException.class);
      // the servlet logs after it answered: give a log event time to arrive before looking
      long deadline = System.nanoTime() + 2_000_000_000L;
      while (errors.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    } finally {
      context.getConfiguration().getRootLogger().removeAppender("capture");
      context.updateLoggers();
    }
    return errors.stream().map(LogEvent::getLoggerName).toList();
  }
}
