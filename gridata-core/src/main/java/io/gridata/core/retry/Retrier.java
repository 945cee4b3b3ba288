package io.gridata.core.retry;

import static java.util.Objects.requireNonNull;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedRunnable;
import dev.failsafe.function.CheckedSupplier;
import io.gridata.core.InvalidInputException;
import io.gridata.core.StorageException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs operations under a {@link RetryPolicy} with <a href="https://failsafe.dev">Failsafe</a>.
 * Only failures accepted by the transient-fault predicate ({@link TransientFaults#isTransient} by
 * default) are retried; any other failure is rethrown at once. When the attempts are exhausted the
 * last failure is rethrown as a {@link StorageException} (marked transient) unless it already is a
 * runtime exception of Gridata; {@link #rethrowing} leaves the translation to the caller instead
 * (Iceberg commits, lineage writes). Every retry in Gridata goes through this class. Thread safe.
 */
public final class Retrier {
  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  private final RetryPolicy policy;
  private final Predicate<Throwable> retryable;
  private final FailsafeExecutor<Object> executor;

  /** A retrier for {@code policy} retrying {@link TransientFaults#isTransient transient} faults. */
  public Retrier(RetryPolicy policy) {
    this(policy, TransientFaults::isTransient);
  }

  /** A retrier for {@code policy} retrying the failures {@code retryable} accepts. */
  public Retrier(RetryPolicy policy, Predicate<Throwable> retryable) {
    this(policy, retryable, 0.0);
  }

  /**
   * As {@link #Retrier(RetryPolicy, Predicate)}, each wait varied at random by up to {@code jitter}
   * (a fraction, 0 to 1) of itself: many clients retrying one server spread out.
   */
  public Retrier(RetryPolicy policy, Predicate<Throwable> retryable, double jitter) {
    this.policy = requireNonNull(policy, "policy is null");
    if (jitter < 0.0 || jitter > 1.0) {
      throw new InvalidInputException("Invalid retry jitter %s: must be between 0 and 1", jitter);
    }
    this.retryable = requireNonNull(retryable, "retryable is null");
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
      if (jitter > 0.0) {
        builder.withJitter(jitter);
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

  /**
   * Runs {@code operation}, retrying the failures this retrier accepts; a failure it does not
   * accept, or the last one when the attempts are exhausted, is rethrown as it is, for a caller
   * that words it for its own context.
   */
  public <T> T rethrowing(Supplier<T> operation) {
    requireNonNull(operation, "operation is null");
    @SuppressWarnings("unchecked")
    T result = (T) executor.get(operation::get);
    return result;
  }

  /** As {@link #rethrowing(Supplier)}, for an operation without a result. */
  public void rethrowing(Runnable operation) {
    requireNonNull(operation, "operation is null");
    executor.run(operation::run);
  }

  private StorageException failure(String what, Throwable cause) {
    boolean transientFault = cause != null && retryable.test(cause);
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
