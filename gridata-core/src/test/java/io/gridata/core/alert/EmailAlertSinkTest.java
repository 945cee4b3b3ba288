package io.gridata.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.gridata.core.InvalidInputException;
import io.gridata.core.http.Delivery;
import io.gridata.core.retry.FastRetry;
import io.gridata.core.retry.RetryPolicy;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Against GreenMail's SMTP server in this JVM. */
class EmailAlertSinkTest {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP);

  private static final Alert ALERT =
      new Alert(
          Alert.Level.WARNING,
          "rejected orders-partner.csv",
          "schema: contract orders: missing required columns [order_id]",
          "ecommerce_orders",
          "run-5",
          Map.of("file", "raw/ecommerce/orders/2026-11-05/orders-partner.csv"),
          Instant.parse("2026-11-27T10:00:00Z"));

  private static final RetryPolicy FAST = FastRetry.attempts(2);

  @Test
  void sendsAPlainTextMailWithLoginAndNeverShowsThePassword() throws Exception {
    SMTP.setUser("gridata@example.com", "gridata", "pa55word");
    EmailAlertSink sink =
        new EmailAlertSink(
            new EmailAlertSink.Settings(
                "127.0.0.1",
                ServerSetupTest.SMTP.getPort(),
                false,
                Optional.of("gridata"),
                Optional.of("pa55word"),
                "gridata@example.com",
                List.of("oncall@example.com", "data@example.com"),
                Duration.ofSeconds(5)),
            FAST);

    Delivery delivery = sink.send(ALERT);

    assertThat(delivery.delivered()).as(delivery.error().orElse("")).isTrue();
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(2); // one copy per recipient
    assertThat(received[0].getSubject()).isEqualTo("[WARNING] rejected orders-partner.csv");
    String body = GreenMailUtil.getBody(received[0]);
    assertThat(body)
        .contains("missing required columns [order_id]")
        .contains("run: run-5")
        .contains("file: raw/ecommerce/orders/2026-11-05/orders-partner.csv")
        .doesNotContain("pa55word");
    assertThat(sink.toString() + delivery).doesNotContain("pa55word");
  }

  @Test
  void anUnreachableServerIsADeliveryFailureAndBadSettingsAreRefused() {
    EmailAlertSink sink =
        new EmailAlertSink(
            new EmailAlertSink.Settings(
                "127.0.0.1",
                1,
                false,
                Optional.empty(),
                Optional.empty(),
                "gridata@example.com",
                List.of("oncall@example.com"),
                Duration.ofSeconds(2)),
            FAST);

    Delivery delivery = sink.send(ALERT);

    assertThat(delivery.delivered()).isFalse();
    assertThat(delivery.attempts()).isEqualTo(2);
    assertThatThrownBy(
            () ->
                new EmailAlertSink.Settings(
                    "smtp.example.com",
                    587,
                    true,
                    Optional.empty(),
                    Optional.empty(),
                    "gridata@example.com",
                    List.of("not an address"),
                    Duration.ofSeconds(2)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not an address");
  }
}
