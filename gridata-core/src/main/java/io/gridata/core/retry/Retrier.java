package io.gridata.core.retry;

import static java.util.Objects.requireNonNull;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedRunnable;
import dev.failsafe.function.CheckedSupplier;
import io.gridata.core.StorageException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs operations under a {@link RetryPolicy} with <a href="https://failsafe.dev">Failsafe</a>.
 * Only failures accepted by the transient-fault predicate ({@link TransientFaults#isTransient} by
 * default) are retried; any other failure is rethrown at once. When the attempts are exhausted the
 * last failure is rethrown as a {@link StorageException} (marked transient) unless it already is a
 * runtime exception of Gridata. Thread safe.
 */
public final class Retrier {
  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  private final RetryPolicy policy;
  private final FailsafeExecutor<Object> executor;

  /** A retrier for {@code policy} retrying {@link TransientFaults#isTransient transient} faults. */
  public Retrier(RetryPolicy policy) {
    this(policy, TransientFaults::isTransient);
  }

  /** A retrier for {@code policy} retrying the failures {@code retryable} accepts. */
  public Retrier(RetryPolicy policy, Predicate<Throwable> retryable) {
    this.policy = requireNonNull(policy, "policy is null");
    requireNonNull(retryable, "retryable is null");
    dev.failsafe.RetryPolicyBuilder<Object> builder =
        dev.failsafe.RetryPolicy.builder()
            .handleIf((result, failure) -> failure != null && retryable.test(failure))
            .withMaxAttempts(policy.maxAttempts())
            .onRetry(
                event ->
                    LOG.warn(
                        "Transient fault, retrying (attempt {} of {}): {}",
                        event.getAttemptCount() + 1,
                        policy.maxAttempts(),
                        describe(event.getLastException())));
    if (policy.maxAttempts() > 1) {
      if (policy.multiplier() > 1.0 && policy.maxDelay().compareTo(policy.initialDelay()) > 0) {
        builder.withBackoff(policy.initialDelay(), policy.maxDelay(), policy.multiplier());
      } else {
        builder.withDelay(policy.initialDelay());
      }
    }
    this.executor = Failsafe.with(builder.build());
  }

  /** The policy applied. */
  public RetryPolicy policy() {
    return policy;
  }

  /**
   * Runs {@code operation}, retrying transient failures.
   *
   * @param what a short description for messages, e.g. {@code "upload raw/a/b/2026-01-01/x.csv"}
   */
  public <T> T get(String what, CheckedSupplier<T> operation) {
    requireNonNull(what, "what is null");
    requireNonNull(operation, "operation is null");
    try {
      @SuppressWarnings("unchecked")
      T result = (T) executor.get(() -> operation.get());
      return result;
    } catch (FailsafeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw failure(what, cause);
    } catch (RuntimeException e) {
      if (e instanceof io.gridata.core.GridataException) {
        throw e;
      }
      throw failure(what, e);
    }
  }

  /** Runs {@code operation}, retrying transient failures. */
  public void run(String what, CheckedRunnable operation) {
    requireNonNull(operation, "operation is null");
    get(
        what,
        () -> {
          operation.run();
          return null;
        });
  }

  private StorageException failure(String what, Throwable cause) {
    boolean transientFault = TransientFaults.isTransient(cause);
    return new StorageException(
        transientFault,
        cause,
        "Cannot %s: %s%s",
        what,
        describe(cause),
        transientFault
            ? String.format(
                " (transient fault, gave up after %d attempts; check the endpoint and retry later)",
                policy.maxAttempts())
            : "");
  }

  private static String describe(Throwable t) {
    if (t == null) {
      return "unknown failure";
    }
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message != null ? ": " + message : "");
  }
}
