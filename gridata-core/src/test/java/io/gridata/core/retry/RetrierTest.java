package io.gridata.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.InvalidInputException;
import io.gridata.core.StorageException;
import java.net.SocketException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrierTest {
  private static final RetryPolicy FAST =
      RetryPolicy.builder()
          .initialDelay(Duration.ofMillis(1))
          .maxDelay(Duration.ofMillis(3))
          .build();

  /** A storage failure its backend classified (the raw zone's S3 faults, see S3FaultsTest). */
  private static StorageException storage(boolean transientFault, String message) {
    return new StorageException(transientFault, null, "%s", message);
  }

  @Test
  void defaultsAreThreeAttemptsImmediatelyThenFiveThenFifteenMinutes() {
    RetryPolicy policy = RetryPolicy.defaults();

    assertThat(policy.maxAttempts()).isEqualTo(3);
    assertThat(policy.initialDelay()).isEqualTo(Duration.ofMinutes(5));
    assertThat(policy.maxDelay()).isEqualTo(Duration.ofMinutes(15));
    assertThat(policy.multiplier()).isEqualTo(3.0);
  }

  @Test
  void transientFaultsAreRetriedUntilSuccess() {
    AtomicInteger calls = new AtomicInteger();

    String result =
        new Retrier(FAST)
            .get(
                "fetch",
                () -> {
                  if (calls.incrementAndGet() == 1) {
                    throw storage(true, "503 SlowDown");
                  }
                  if (calls.get() == 2) {
                    throw new SocketException("Connection reset");
                  }
                  return "ok";
                });

    assertThat(result).isEqualTo("ok");
    assertThat(calls).hasValue(3);
  }

  @Test
  void permanentFaultsAreNotRetried() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                new Retrier(FAST)
                    .run(
                        "upload x",
                        () -> {
                          calls.incrementAndGet();
                          throw new IllegalArgumentException("AccessDenied");
                        }))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("Cannot upload x")
        .satisfies(e -> assertThat(((StorageException) e).isTransient()).isFalse());
    assertThat(calls).hasValue(1);
  }

  @Test
  void exhaustedAttemptsSayHowManyWereMade() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                new Retrier(FAST)
                    .run(
                        "list y",
                        () -> {
                          calls.incrementAndGet();
                          throw new SocketException("Connection reset");
                        }))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("gave up after 3 attempts");
    assertThat(calls).hasValue(3);
  }

  @Test
  void rethrowingRetriesWhatItAcceptsAndRethrowsFailuresAsTheyAre() {
    Retrier lostRaces = new Retrier(FAST, e -> e instanceof IllegalStateException, 0.2);
    AtomicInteger calls = new AtomicInteger();
    String result =
        lostRaces.rethrowing(
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("lost race " + calls.get());
              }
              return "committed";
            });
    assertThat(result).isEqualTo("committed");
    assertThat(calls).hasValue(3);

    calls.set(0);
    IllegalStateException last = new IllegalStateException("lost again");
    assertThatThrownBy(
            () ->
                lostRaces.rethrowing(
                    () -> {
                      calls.incrementAndGet();
                      throw last;
                    }))
        .as("exhausted: the last failure itself, for the caller to word")
        .isSameAs(last);
    assertThat(calls).hasValue(3);

    calls.set(0);
    IllegalArgumentException other = new IllegalArgumentException("not a race");
    assertThatThrownBy(
            () ->
                lostRaces.rethrowing(
                    (Runnable)
                        () -> {
                          calls.incrementAndGet();
                          throw other;
                        }))
        .isSameAs(other);
    assertThat(calls).as("not retried").hasValue(1);
    assertThatThrownBy(() -> new Retrier(FAST, e -> true, 1.5))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("jitter");
  }

  @Test
  void policiesReadFromPropertiesAndRejectNonsense() {
    RetryPolicy policy =
        RetryPolicy.defaults()
            .withProperties(
                Map.of(
                    "raw.retry.max-attempts", "5",
                    "raw.retry.initial-delay", "250ms",
                    "raw.retry.max-delay", "PT2S"),
                "raw.");

    assertThat(policy.maxAttempts()).isEqualTo(5);
    assertThat(policy.initialDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(policy.maxDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(
            () -> RetryPolicy.defaults().withProperties(Map.of("retry.max-delay", "soon"), ""))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("retry.max-delay");
  }
}
