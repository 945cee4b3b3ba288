package io.gridata.core.retry;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;
import java.time.Duration;
import java.util.Map;

/**
 * How often and how patiently Gridata retries an operation that failed with a transient fault (S3
 * 5xx or throttling, a reset connection): at most {@link #maxAttempts()} attempts, the first one
 * immediate, then exponential backoff starting at {@link #initialDelay()}, multiplied by {@link
 * #multiplier()} after each retry and capped at {@link #maxDelay()}.
 *
 * <p>The defaults are those of the original pipeline: 3 attempts, immediately, after 5 minutes,
 * after 15 more minutes. Tests use milliseconds: {@code RetryPolicy.builder().initialDelay(
 * Duration.ofMillis(5)).build()}. Executed by {@link Retrier} on Failsafe.
 *
 * @param maxAttempts attempts in total, first one included; 1 means no retry
 * @param initialDelay wait before the second attempt
 * @param maxDelay upper bound of any wait
 * @param multiplier growth factor of the wait after each retry, at least 1
 */
public record RetryPolicy(
    int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier) {

  /** Property: attempts in total. */
  public static final String MAX_ATTEMPTS = "retry.max-attempts";

  /** Property: first wait, ISO-8601 duration ({@code PT5M}) or milliseconds. */
  public static final String INITIAL_DELAY = "retry.initial-delay";

  /** Property: longest wait, ISO-8601 duration or milliseconds. */
  public static final String MAX_DELAY = "retry.max-delay";

  /** Property: backoff multiplier. */
  public static final String MULTIPLIER = "retry.multiplier";

  /** Validates the values. */
  public RetryPolicy {
    requireNonNull(initialDelay, "initialDelay is null");
    requireNonNull(maxDelay, "maxDelay is null");
    InvalidInputException.check(
        maxAttempts >= 1, "Invalid retry policy: maxAttempts must be >= 1 (%s)", maxAttempts);
    InvalidInputException.check(
        !initialDelay.isNegative() && !initialDelay.isZero(),
        "Invalid retry policy: initialDelay must be positive (%s)",
        initialDelay);
    InvalidInputException.check(
        maxDelay.compareTo(initialDelay) >= 0,
        "Invalid retry policy: maxDelay (%s) must be >= initialDelay (%s)",
        maxDelay,
        initialDelay);
    InvalidInputException.check(
        multiplier >= 1.0, "Invalid retry policy: multiplier must be >= 1 (%s)", multiplier);
  }

  /** 3 attempts: immediately, after 5 minutes, after 15 more minutes. */
  public static RetryPolicy defaults() {
    return builder().build();
  }

  /** A single attempt, no retry. */
  public static RetryPolicy none() {
    return builder().maxAttempts(1).build();
  }

  /** A builder initialised with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this policy. */
  public Builder toBuilder() {
    return new Builder()
        .maxAttempts(maxAttempts)
        .initialDelay(initialDelay)
        .maxDelay(maxDelay)
        .multiplier(multiplier);
  }

  /**
   * This policy with the values present in {@code properties} ({@link #MAX_ATTEMPTS}, {@link
   * #INITIAL_DELAY}, {@link #MAX_DELAY}, {@link #MULTIPLIER}) after {@code prefix}.
   */
  public RetryPolicy withProperties(Map<String, String> properties, String prefix) {
    requireNonNull(properties, "properties is null");
    requireNonNull(prefix, "prefix is null");
    Builder builder = toBuilder();
    String attempts = properties.get(prefix + MAX_ATTEMPTS);
    if (attempts != null) {
      builder.maxAttempts(parseInt(prefix + MAX_ATTEMPTS, attempts));
    }
    String initial = properties.get(prefix + INITIAL_DELAY);
    if (initial != null) {
      builder.initialDelay(parseDuration(prefix + INITIAL_DELAY, initial));
    }
    String max = properties.get(prefix + MAX_DELAY);
    if (max != null) {
      builder.maxDelay(parseDuration(prefix + MAX_DELAY, max));
    }
    String factor = properties.get(prefix + MULTIPLIER);
    if (factor != null) {
      try {
        builder.multiplier(Double.parseDouble(factor.trim()));
      } catch (NumberFormatException e) {
        throw new InvalidInputException(
            "Invalid %s: not a number (%s)", prefix + MULTIPLIER, factor);
      }
    }
    return builder.build();
  }

  /**
   * Parses a duration given as ISO-8601 ({@code PT5M}), milliseconds ({@code 250}) or with a unit
   * suffix {@code ms}, {@code s}, {@code m}, {@code h}.
   *
   * @throws InvalidInputException naming {@code property} when the value cannot be parsed
   */
  public static Duration parseDuration(String property, String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        return Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
      }
      if (v.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      }
      if (v.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      }
      if (v.endsWith("h")) {
        return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      }
      return Duration.ofMillis(Long.parseLong(v));
    } catch (RuntimeException e) {
      throw new InvalidInputException(
          "Invalid %s: not a duration (%s); use PT5M, 300s, 5m or milliseconds", property, value);
    }
  }

  private static int parseInt(String property, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("Invalid %s: not an integer (%s)", property, value);
    }
  }

  /** Mutable builder of {@link RetryPolicy}. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialDelay = Duration.ofMinutes(5);
    private Duration maxDelay = Duration.ofMinutes(15);
    private double multiplier = 3.0;

    private Builder() {}

    /** Attempts in total, first one included; default 3. */
    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    /** Wait before the second attempt; default 5 minutes. */
    public Builder initialDelay(Duration value) {
      this.initialDelay = requireNonNull(value, "initialDelay is null");
      if (maxDelay.compareTo(value) < 0) {
        this.maxDelay = value;
      }
      return this;
    }

    /** Longest wait; default 15 minutes. */
    public Builder maxDelay(Duration value) {
      this.maxDelay = requireNonNull(value, "maxDelay is null");
      return this;
    }

    /** Backoff multiplier; default 3. */
    public Builder multiplier(double value) {
      this.multiplier = value;
      return this;
    }

    /** The policy; validates the values. */
    public RetryPolicy build() {
      return new RetryPolicy(maxAttempts, initialDelay, maxDelay, multiplier);
    }
  }
}
