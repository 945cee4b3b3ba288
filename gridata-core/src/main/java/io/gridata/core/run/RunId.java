package io.gridata.core.run;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A run id: 1-128 letters, digits, {@code '.'}, {@code '_'} or {@code '-'}, so it can name a
 * staging branch and be recorded in snapshot summaries. The one place run ids are generated and
 * checked. A scheduler's templated id ({@code orders-{{ ds }}}) is a valid one and safe to reuse on
 * retries: exactly-once is keyed on the files, never on the run id.
 *
 * @param value the id
 */
public record RunId(String value) {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  /**
   * Checks {@code value}.
   *
   * @throws IllegalArgumentException naming the id and what is allowed
   */
  public RunId {
    requireNonNull(value, "run id is null");
    if (!VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "Invalid run id '" + value + "': use 1-128 letters, digits, '.', '_' or '-'");
    }
  }

  /** True when {@code value} is a valid run id (see {@link #RunId}); false for null. */
  public static boolean isValid(String value) {
    return value != null && VALID.matcher(value).matches();
  }

  /** {@code value} as a run id; see {@link #RunId}. */
  public static RunId of(String value) {
    return new RunId(value);
  }

  /**
   * A fresh id for a run of {@code name} over {@code date}: {@code <name>-<date>-<8 hex digits>},
   * e.g. {@code orders-2026-11-02-1f3a9c0b}.
   *
   * @throws IllegalArgumentException when {@code name} holds characters a run id cannot
   */
  public static RunId generate(String name, LocalDate date) {
    requireNonNull(name, "name is null");
    requireNonNull(date, "date is null");
    return new RunId(name + "-" + date + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Override
  public String toString() {
    return value;
  }
}
