package io.gridata.core.http;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;
import io.gridata.core.retry.Retrier;
import io.gridata.core.retry.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * POSTs JSON bodies with the JDK's {@link HttpClient}: no answer (connection refused, timeout),
 * 408, 429 and 5xx are retried under a {@link RetryPolicy}; any other non-2xx answer is final. A
 * receiver's failure is a {@link Delivery}, never an exception. Messages name the URL and the
 * status, never header values (which may hold credentials).
 */
public final class JsonPost {
  private final Retrier retrier;
  private final Duration timeout;
  private final HttpClient http;

  /** A poster retrying under {@code policy}, each request bounded by {@code timeout}. */
  public JsonPost(RetryPolicy policy, Duration timeout) {
    this.retrier =
        new Retrier(requireNonNull(policy, "policy is null"), Retryable.class::isInstance);
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * Refuses a URL that is not absolute http(s).
   *
   * @param what names the setting in the message ({@code "trigger URL"})
   */
  public static void checkUrl(URI url, String what) {
    InvalidInputException.check(
        url.isAbsolute()
            && ("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
            && url.getHost() != null,
        "Invalid %s %s: give an absolute http:// or https:// URL",
        what,
        url);
  }

  /** POSTs {@code body} as {@code application/json} to {@code url} with {@code headers}. */
  public Delivery post(URI url, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    HttpRequest built = request.build();
    AtomicInteger attempts = new AtomicInteger();
    AtomicReference<Integer> status = new AtomicReference<>(-1);
    try {
      retrier.run(
          "POST " + Delivery.redact(url),
          () -> {
            attempts.incrementAndGet();
            HttpResponse<Void> response;
            try {
              response = http.send(built, HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
              status.set(-1);
              throw new Retryable("no answer: " + e);
            }
            int code = response.statusCode();
            status.set(code);
            if (code == 408 || code == 429 || code >= 500) {
              throw new Retryable("HTTP " + code);
            }
            if (code < 200 || code >= 300) {
              throw new Final("HTTP " + code);
            }
          });
      return new Delivery(url, status.get(), attempts.get(), Optional.empty());
    } catch (RuntimeException e) {
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt(); // keep the flag for the caller
      }
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return new Delivery(
          url,
          status.get(),
          attempts.get(),
          Optional.of(
              String.format(
                  "not delivered after %d attempt(s): %s", attempts.get(), cause.getMessage())));
    }
  }

  /** A failure worth another attempt. */
  private static final class Retryable extends Exception {
    private static final long serialVersionUID = 1L;

    Retryable(String message) {
      super(message);
    }
  }

  /** A final answer that is not a success. */
  private static final class Final extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Final(String message) {
      super(message);
    }
  }
}
