package io.gridata.core.ingest;

import static java.util.Objects.requireNonNull;

import io.gridata.core.run.RunId;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One attempt at a run: what names its staging branch, {@code gridata-run-<run id>.<attempt>}, and
 * tells later runs whether the attempt may still be alive. A run id may be used by many attempts (a
 * scheduler's retry, two processes at once, another day with the same templated id); each gets a
 * branch of its own, so no attempt ever publishes rows another one staged.
 *
 * <p>The attempt part is {@code <yyyyMMdd't'HHmmss'z'>.<host>.<pid>.<random>}: when it started
 * (UTC), the first 6 hex digits of the SHA-256 of the host name, the process id and 4 random hex
 * digits. {@link #isDead} uses them to decide when a branch may be dropped.
 *
 * @param runId the run
 * @param startedAt when the attempt started, to the second
 * @param host the hashed host name (6 hex digits)
 * @param pid the process id on that host
 * @param nonce random hex digits that keep attempts of one process apart
 */
public record StagingAttempt(String runId, Instant startedAt, String host, long pid, String nonce) {
  /** Prefix of every staging branch name. */
  public static final String BRANCH_PREFIX = "gridata-run-";

  /**
   * How long an attempt of another host (or of an unknown one) counts as possibly alive: 6 hours.
   */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(6);

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd't'HHmmss'z'").withZone(ZoneOffset.UTC);
  private static final Pattern BRANCH =
      Pattern.compile(
          Pattern.quote(BRANCH_PREFIX)
              + "(.+)\\.(\\d{8}t\\d{6}z)\\.([0-9a-f]{6})\\.(\\d{1,19})\\.([0-9a-f]{4})");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String THIS_HOST = hostHash();

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if {@code runId} is not a valid {@link RunId}: it names a
   *     branch
   */
  public StagingAttempt {
    RunId.of(runId);
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(host, "host is null");
    requireNonNull(nonce, "nonce is null");
  }

  /** A new attempt of {@code runId} in this process, started now. */
  public static StagingAttempt start(RunId runId) {
    requireNonNull(runId, "runId is null");
    byte[] nonce = new byte[2];
    RANDOM.nextBytes(nonce);
    return new StagingAttempt(
        runId.value(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS),
        THIS_HOST,
        ProcessHandle.current().pid(),
        HexFormat.of().formatHex(nonce));
  }

  /** The attempt a staging branch name was made for; empty for any other name. */
  public static Optional<StagingAttempt> ofBranch(String branch) {
    Matcher m = BRANCH.matcher(requireNonNull(branch, "branch is null"));
    if (!m.matches() || !RunId.isValid(m.group(1))) {
      return Optional.empty();
    }
    return Optional.of(
        new StagingAttempt(
            m.group(1),
            STAMP.parse(m.group(2), Instant::from),
            m.group(3),
            Long.parseLong(m.group(4)),
            m.group(5)));
  }

  /** {@code <stamp>.<host>.<pid>.<nonce>}: what sets this attempt apart from others of its run. */
  public String id() {
    return STAMP.format(startedAt) + "." + host + "." + pid + "." + nonce;
  }

  /** {@code gridata-run-<run id>.<id>}. */
  public String branch() {
    return BRANCH_PREFIX + runId + "." + id();
  }

  /**
   * True when the attempt cannot be running any more, so its staging branch can be dropped: on this
   * host, when no process has its pid or the one that has it started after the attempt did (the pid
   * was reused); on another host, when it started more than {@code maxAge} before {@code now}. An
   * attempt of this very process is alive.
   */
  public boolean isDead(Instant now, Duration maxAge) {
    requireNonNull(now, "now is null");
    requireNonNull(maxAge, "maxAge is null");
    if (!THIS_HOST.equals(host)) {
      return startedAt.plus(maxAge).isBefore(now);
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return true;
    }
    Optional<Instant> processStart = process.get().info().startInstant();
    // the branch name holds whole seconds; a process that started later than that (with slack for
    // clocks) is another one that got the same pid
    return processStart.isPresent() && processStart.get().isAfter(startedAt.plusSeconds(2));
  }

  private static String hostHash() {
    String name;
    try {
      name = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      name = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
