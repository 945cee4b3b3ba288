package io.gridata.lineage;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one run of one pipeline step publishes: the job (with its flow, inputs, outputs and
 * column lineage), the run, metadata of the datasets involved and the quality results. The value a
 * job hands to {@link LineagePublisher#publish(RunLineage)}.
 *
 * @param job the step
 * @param run this execution of it
 * @param datasets metadata (schema, owners, tags, ...) of any datasets worth describing, usually
 *     the outputs; datasets without metadata still appear in lineage
 * @param assertions quality rule results of this run
 */
public record RunLineage(
    Job job, Run run, List<DatasetMetadata> datasets, List<AssertionResult> assertions) {

  /** Validates the parts and copies the collections. */
  public RunLineage {
    requireNonNull(job, "job is null");
    requireNonNull(run, "run is null");
    datasets = List.copyOf(requireNonNull(datasets, "datasets is null"));
    assertions = List.copyOf(requireNonNull(assertions, "assertions is null"));
  }

  /** A builder for a run of {@code job}. */
  public static Builder builder(Job job, Run run) {
    return new Builder(job, run);
  }

  /** Builds {@link RunLineage}. */
  public static final class Builder {
    private final Job job;
    private final Run run;
    private final List<DatasetMetadata> datasets = new ArrayList<>();
    private final List<AssertionResult> assertions = new ArrayList<>();

    private Builder(Job job, Run run) {
      this.job = requireNonNull(job, "job is null");
      this.run = requireNonNull(run, "run is null");
    }

    /** Adds dataset metadata. */
    public Builder dataset(DatasetMetadata metadata) {
      datasets.add(requireNonNull(metadata, "metadata is null"));
      return this;
    }

    /** Adds assertion results. */
    public Builder assertions(List<AssertionResult> more) {
      assertions.addAll(more);
      return this;
    }

    /** Adds an assertion result. */
    public Builder assertion(AssertionResult result) {
      assertions.add(requireNonNull(result, "result is null"));
      return this;
    }

    /** The run lineage. */
    public RunLineage build() {
      return new RunLineage(job, run, datasets, assertions);
    }
  }
}
