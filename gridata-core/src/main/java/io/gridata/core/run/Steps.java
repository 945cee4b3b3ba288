package io.gridata.core.run;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline's steps in the order they run, each under its {@link StepKey}, so that a later step's
 * {@link RunContext#result(StepKey)} and the step that produces it agree on the result's type.
 *
 * <pre>{@code
 * Steps steps =
 *     new Steps()
 *         .add(SENSE, run -> new Sensed(sensor.await()))
 *         .add("process", run -> process(run.result(SENSE).orElseThrow().files()));
 * }</pre>
 */
public final class Steps {
  private final List<Entry<?>> entries = new ArrayList<>();

  /** No steps yet. */
  public Steps() {}

  /**
   * Adds {@code step} after the steps added so far, under {@code key}.
   *
   * @throws IllegalArgumentException when a step of that name was added already
   */
  public <R extends StepResult> Steps add(StepKey<R> key, Step<? extends R> step) {
    requireNonNull(key, "key is null");
    requireNonNull(step, "step is null");
    if (entries.stream().anyMatch(e -> e.key().name().equals(key.name()))) {
      throw new IllegalArgumentException("Step " + key.name() + " was added twice");
    }
    entries.add(new Entry<>(key, step));
    return this;
  }

  /**
   * Adds {@code step} under {@code name}, for a step whose result no other step reads typed (it can
   * still be read as a plain {@link StepResult}).
   *
   * @throws IllegalArgumentException when a step of that name was added already
   */
  public Steps add(String name, Step<?> step) {
    return add(StepKey.of(name, StepResult.class), step);
  }

  /** The steps' names, in order. */
  public List<String> names() {
    return entries.stream().map(e -> e.key().name()).toList();
  }

  List<Entry<?>> entries() {
    return List.copyOf(entries);
  }

  record Entry<R extends StepResult>(StepKey<R> key, Step<? extends R> step) {}
}
