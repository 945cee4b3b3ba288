package io.gridata.core.run;

import static java.util.Objects.requireNonNull;

/**
 * A step's name and the type of its result: the step is added to {@link Steps} under it, and later
 * steps read its result typed with {@link RunContext#result(StepKey)}.
 *
 * <pre>{@code
 * static final StepKey<Sensed> SENSE = StepKey.of("sense", Sensed.class);
 * }</pre>
 *
 * @param name the step's name in the run summary and its retry policy's key
 * @param type the step's result
 * @param <R> the step's result
 */
public record StepKey<R extends StepResult>(String name, Class<R> type) {
  /** Checks for nulls. */
  public StepKey {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }

  /** The key of step {@code name}, whose result is a {@code type}. */
  public static <R extends StepResult> StepKey<R> of(String name, Class<R> type) {
    return new StepKey<>(name, type);
  }

  /**
   * {@code result} as an {@code R}.
   *
   * @throws IllegalArgumentException when step {@link #name} returned something else: the key is
   *     not the one the step was added under
   */
  R cast(StepResult result) {
    if (!type.isInstance(result)) {
      throw new IllegalArgumentException(
          "Step "
              + name
              + " returned a "
              + result.getClass().getName()
              + ", not a "
              + type.getName());
    }
    return type.cast(result);
  }
}
