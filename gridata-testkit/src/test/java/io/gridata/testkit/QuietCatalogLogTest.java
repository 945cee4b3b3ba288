package io.gridata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
    context.updateLoggers();
    try (LakehouseStack stack = LakehouseStack.start(Backend.LOCAL, dir);
        RESTCatalog client = stack.catalog().newClient("gridata")) {
      client.createNamespace(Namespace.of("ecommerce"));

      assertThatThrownBy(() -> client.loadTable(TableIdentifier.of("ecommerce", "absent")))
          .isInstanceOf(NoSuchTableException.class);
    } finally {
      context.getConfiguration().getRootLogger().removeAppender("capture");
      context.updateLoggers();
    }

    assertThat(errors).extracting(e -> e.getLoggerName()).isEmpty();
  }
}
