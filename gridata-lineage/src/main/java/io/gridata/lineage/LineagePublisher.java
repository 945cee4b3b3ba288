package io.gridata.lineage;

import static java.util.Objects.requireNonNull;

import com.linkedin.mxe.MetadataChangeProposal;
import io.gridata.core.retry.Retrier;
import io.gridata.core.retry.RetryPolicy;
import io.gridata.lineage.internal.AspectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a {@link RunLineage} to a {@link LineageSink}: maps it to DataHub aspects, sends each
 * one with retries (exponential backoff with jitter, only for failures the sink calls retryable),
 * then flushes the sink.
 *
 * <p>By default publishing never fails the pipeline: every failure, including a mapping error or a
 * missing class, is logged and returned in the {@link PublishResult}. With {@link
 * Builder#strict(boolean) strict} mode a failed publication throws {@link LineagePublishException}.
 * Publishing stops at the first proposal that cannot be sent, so that an unreachable server costs
 * one retry cycle, not one per proposal.
 *
 * <pre>{@code
 * try (LineagePublisher publisher = LineagePublisher.builder(LineageSink.file(path)).build()) {
 *   PublishResult result = publisher.publish(runLineage);
 * }
 * }</pre>
 *
 * <p>Thread-safe when its sink is (the provided sinks are).
 */
public final class LineagePublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LineagePublisher.class);

  private final LineageSink sink;
  private final boolean strict;
  private final Retrier retrier;
  private final AspectMapper mapper;

  private LineagePublisher(Builder builder) {
    this.sink = builder.sink;
    this.strict = builder.strict;
    this.mapper = new AspectMapper(builder.actor);
    this.retrier =
        new Retrier(
            RetryPolicy.builder()
                .maxAttempts(builder.maxAttempts)
                .initialDelay(builder.initialBackoff)
                .maxDelay(builder.maxBackoff)
                .multiplier(2.0)
                .build(),
            e -> e instanceof LineageSinkException s && s.retryable(),
            0.2);
  }

  /** A builder publishing to {@code sink}; the publisher closes the sink when closed. */
  public static Builder builder(LineageSink sink) {
    return new Builder(sink);
  }

  /** The proposals {@code lineage} maps to, without sending them. */
  public List<MetadataChangeProposal> proposals(RunLineage lineage) {
    return mapper.proposals(lineage);
  }

  /**
   * Publishes {@code lineage}.
   *
   * @return what was published; check {@link PublishResult#success()}
   * @throws LineagePublishException in strict mode, if anything was not published
   */
  public PublishResult publish(RunLineage lineage) {
    requireNonNull(lineage, "lineage is null");
    long startNanos = System.nanoTime();
    AtomicInteger attempts = new AtomicInteger();
    int total = 0;
    int sent = 0;
    String failure = null;
    try {
      List<MetadataChangeProposal> proposals = mapper.proposals(lineage);
      total = proposals.size();
      for (MetadataChangeProposal proposal : proposals) {
        retrier.rethrowing(
            () -> {
              attempts.incrementAndGet();
              sink.send(proposal);
            });
        sent++;
      }
      retrier.rethrowing((Runnable) sink::flush);
    } catch (RuntimeException | LinkageError e) {
      failure = e.getMessage() != null ? e.getMessage() : e.toString();
      if (sent == total && total > 0) {
        sent = 0; // written but not flushed: not durable
      }
      LOG.warn(
          "Lineage of run {} of {} not fully published to {}: {}",
          lineage.run().id(),
          lineage.job().urn(),
          sink.describe(),
          failure,
          e);
    }
    PublishResult result =
        new PublishResult(
            sink.describe(),
            total,
            sent,
            attempts.get(),
            Duration.ofNanos(System.nanoTime() - startNanos),
            failure);
    if (result.success()) {
      LOG.info(
          "Published lineage of run {} of {}: {} proposals to {}",
          lineage.run().id(),
          lineage.job().urn(),
          total,
          sink.describe());
    } else if (strict) {
      throw new LineagePublishException(result);
    }
    return result;
  }

  /** Closes the sink. */
  @Override
  public void close() {
    sink.close();
  }

  /** Builds {@link LineagePublisher}. */
  public static final class Builder {
    private final LineageSink sink;
    private boolean strict;
    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private String actor = "urn:li:corpuser:gridata";

    private Builder(LineageSink sink) {
      this.sink = requireNonNull(sink, "sink is null");
    }

    /** Whether a failed publication throws (default false: it is reported in the result). */
    public Builder strict(boolean newStrict) {
      this.strict = newStrict;
      return this;
    }

    /** Attempts per proposal, first one included (default 4). */
    public Builder maxAttempts(int newMaxAttempts) {
      if (newMaxAttempts < 1) {
        throw new IllegalArgumentException("Invalid maxAttempts " + newMaxAttempts + ": >= 1");
      }
      this.maxAttempts = newMaxAttempts;
      return this;
    }

    /** Backoff before the first retry, doubled per retry up to {@code max} (500 ms, 10 s). */
    public Builder backoff(Duration initial, Duration max) {
      requireNonNull(initial, "initial is null");
      requireNonNull(max, "max is null");
      if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "Invalid backoff " + initial + ".." + max + ": need 0 < initial <= max");
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** The actor URN stamped on audit fields (default {@code urn:li:corpuser:gridata}). */
    public Builder actor(String newActor) {
      this.actor = requireNonNull(newActor, "actor is null");
      return this;
    }

    /** The publisher. */
    public LineagePublisher build() {
      return new LineagePublisher(this);
    }
  }
}
