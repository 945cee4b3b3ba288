package io.gridata.core.rawzone;

import static java.util.Objects.requireNonNull;

import io.gridata.core.GridataException;
import io.gridata.core.InvalidInputException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for files to arrive in one day of one dataset: polls {@link RawZone#list} every {@code
 * pollInterval} (default 60 s) until at least {@code minFiles} (default 1) files matching a glob
 * (e.g. {@code orders*.parquet}, default {@code *}) are <em>settled</em>, or until {@code timeout}
 * (default 1 h) has passed.
 *
 * <p>Settle guard: a file counts only once its size and etag have been seen unchanged for {@code
 * settleTime} (default 0: counts as soon as it is listed). A file still being written by a tool
 * that rewrites in place therefore does not trigger the run. Between polls the sensor sleeps the
 * poll interval, or less when a file is due to settle earlier, and never past the deadline.
 *
 * <p>The {@link Clock} and {@link Sleeper} are injectable, so tests advance time without sleeping.
 * Not thread safe: one sensor per waiting caller.
 */
public final class RawZoneSensor {
  private static final Logger LOG = LoggerFactory.getLogger(RawZoneSensor.class);

  private final RawZone zone;
  private final RawPartition partition;
  private final String pattern;
  private final PathMatcher matcher;
  private final Duration pollInterval;
  private final Duration timeout;
  private final Duration settleTime;
  private final int minFiles;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Map<RawKey, Seen> seen = new HashMap<>();

  private RawZoneSensor(Builder builder) {
    this.zone = requireNonNull(builder.zone, "zone is null");
    this.partition = requireNonNull(builder.partition, "partition is null");
    this.pattern = builder.pattern;
    try {
      this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    } catch (RuntimeException e) {
      throw new InvalidInputException("Invalid sensor pattern '%s': %s", pattern, e.getMessage());
    }
    this.pollInterval = positive("pollInterval", builder.pollInterval);
    this.timeout = notNegative("timeout", builder.timeout);
    this.settleTime = notNegative("settleTime", builder.settleTime);
    InvalidInputException.check(
        builder.minFiles >= 1, "Invalid sensor minFiles %s: must be >= 1", builder.minFiles);
    this.minFiles = builder.minFiles;
    this.clock = builder.clock;
    this.sleeper = builder.sleeper;
  }

  /** A builder watching {@code partition} of {@code zone}. */
  public static Builder builder(RawZone zone, RawPartition partition) {
    return new Builder(zone, partition);
  }

  /**
   * Polls until enough matching files are settled or the timeout passes.
   *
   * @return the outcome; {@link Result#found()} is false on timeout
   * @throws GridataException when interrupted (the interrupt flag is restored)
   */
  public Result await() {
    Instant start = clock.instant();
    Instant deadline = start.plus(timeout);
    int polls = 0;
    while (true) {
      Instant now = clock.instant();
      Poll poll = poll(now);
      polls++;
      if (poll.settled.size() >= minFiles) {
        LOG.info(
            "Sensor on {}{} found {} settled file(s) after {} poll(s)",
            partition.prefix(),
            pattern,
            poll.settled.size(),
            polls);
        return new Result(true, poll.settled, poll.pending, polls, Duration.between(start, now));
      }
      if (!now.isBefore(deadline)) {
        LOG.warn(
            "Sensor on {}{} timed out after {} with {} settled and {} unsettled file(s)",
            partition.prefix(),
            pattern,
            timeout,
            poll.settled.size(),
            poll.pending.size());
        return new Result(false, poll.settled, poll.pending, polls, Duration.between(start, now));
      }
      Duration wait = pollInterval;
      if (poll.nextSettle != null && poll.nextSettle.compareTo(wait) < 0) {
        wait = poll.nextSettle;
      }
      Duration left = Duration.between(now, deadline);
      if (left.compareTo(wait) < 0) {
        wait = left;
      }
      if (wait.isZero() || wait.isNegative()) {
        wait = Duration.ofMillis(1);
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GridataException(e, "Sensor on %s%s interrupted", partition.prefix(), pattern);
      }
    }
  }

  private Poll poll(Instant now) {
    List<RawObject> settled = new ArrayList<>();
    List<RawObject> pending = new ArrayList<>();
    Duration nextSettle = null;
    Map<RawKey, Seen> current = new HashMap<>();
    for (RawObject object : zone.list(partition)) {
      if (!matcher.matches(Path.of(object.key().fileName()))) {
        continue;
      }
      Seen previous = seen.get(object.key());
      Seen entry =
          previous != null && previous.size == object.size() && previous.etag.equals(object.etag())
              ? previous
              : new Seen(object.size(), object.etag(), now);
      current.put(object.key(), entry);
      Duration stable = Duration.between(entry.since, now);
      if (stable.compareTo(settleTime) >= 0) {
        settled.add(object);
      } else {
        pending.add(object);
        Duration remaining = settleTime.minus(stable);
        if (nextSettle == null || remaining.compareTo(nextSettle) < 0) {
          nextSettle = remaining;
        }
      }
    }
    seen.clear();
    seen.putAll(current);
    return new Poll(List.copyOf(settled), List.copyOf(pending), nextSettle);
  }

  private static Duration positive(String name, Duration value) {
    requireNonNull(value, name + " is null");
    InvalidInputException.check(
        !value.isNegative() && !value.isZero(),
        "Invalid sensor %s %s: must be positive",
        name,
        value);
    return value;
  }

  private static Duration notNegative(String name, Duration value) {
    requireNonNull(value, name + " is null");
    InvalidInputException.check(
        !value.isNegative(), "Invalid sensor %s %s: must not be negative", name, value);
    return value;
  }

  private record Seen(long size, String etag, Instant since) {
    Seen {
      Objects.requireNonNull(etag);
    }
  }

  private record Poll(List<RawObject> settled, List<RawObject> pending, Duration nextSettle) {}

  /**
   * What the sensor saw when it stopped.
   *
   * @param found whether enough settled files matched before the timeout
   * @param files the settled matching files, sorted by name
   * @param unsettled matching files still changing (or not yet stable long enough)
   * @param polls how many times the zone was listed
   * @param waited time from the first to the last poll
   */
  public record Result(
      boolean found, List<RawObject> files, List<RawObject> unsettled, int polls, Duration waited) {
    /** Validates the values and copies the lists. */
    public Result {
      files = List.copyOf(files);
      unsettled = List.copyOf(unsettled);
      requireNonNull(waited, "waited is null");
    }
  }

  /** Mutable builder of {@link RawZoneSensor}. */
  public static final class Builder {
    private final RawZone zone;
    private final RawPartition partition;
    private String pattern = "*";
    private Duration pollInterval = Duration.ofSeconds(60);
    private Duration timeout = Duration.ofHours(1);
    private Duration settleTime = Duration.ZERO;
    private int minFiles = 1;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();

    private Builder(RawZone zone, RawPartition partition) {
      this.zone = requireNonNull(zone, "zone is null");
      this.partition = requireNonNull(partition, "partition is null");
    }

    /** Glob on the file name, e.g. {@code orders*.parquet}; default {@code *}. */
    public Builder pattern(String glob) {
      this.pattern = requireNonNull(glob, "glob is null");
      return this;
    }

    /** Time between polls; default 60 s. */
    public Builder pollInterval(Duration value) {
      this.pollInterval = value;
      return this;
    }

    /** How long to wait in total; default 1 h. */
    public Builder timeout(Duration value) {
      this.timeout = value;
      return this;
    }

    /** How long size and etag must stay unchanged; default 0. */
    public Builder settleTime(Duration value) {
      this.settleTime = value;
      return this;
    }

    /** How many settled files are enough; default 1. */
    public Builder minFiles(int value) {
      this.minFiles = value;
      return this;
    }

    /** Clock; the system UTC clock by default. */
    public Builder clock(Clock value) {
      this.clock = requireNonNull(value, "clock is null");
      return this;
    }

    /** Sleeper; {@link Sleeper#system()} by default. */
    public Builder sleeper(Sleeper value) {
      this.sleeper = requireNonNull(value, "sleeper is null");
      return this;
    }

    /** The sensor; validates the values. */
    public RawZoneSensor build() {
      return new RawZoneSensor(this);
    }
  }
}
