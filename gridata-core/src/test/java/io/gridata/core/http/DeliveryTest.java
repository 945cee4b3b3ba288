package io.gridata.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeliveryTest {
  @Test
  void targetsShowHostAndFirstPathSegmentOnly() {
    assertThat(Delivery.redact(URI.create("https://hooks.slack.com/services/T000/B000/XXXX")))
        .isEqualTo("https://hooks.slack.com/services/...");
    assertThat(Delivery.redact(URI.create("http://u:secret@127.0.0.1:8080/trigger?sig=abc#x")))
        .isEqualTo("http://127.0.0.1:8080/trigger?...");
    assertThat(Delivery.redact(URI.create("https://example.com"))).isEqualTo("https://example.com");
    assertThat(
            new Delivery(URI.create("https://example.com/a/b"), 204, 1, Optional.empty()).target())
        .isEqualTo("https://example.com/a/...");
  }
}
