package io.gridata.samples.bench;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.rawzone.RawZoneConfig;
import io.gridata.core.rawzone.internal.RawZones;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Lands and reads back N files of M MiB through the S3 raw zone and through the raw AWS SDK (same
 * HTTP client, same endpoint, same process), R rounds with the side that goes first alternating,
 * and prints the median MB/s of both and their ratio. The raw zone's extra work per file is in the
 * ratio: reading the source with its SHA-256 before the PUT (in line), an existence check (HEAD,
 * run while the source is read) and the {@code .sha256} sidecar upload (sent while a single PUT
 * runs, after a multipart upload); each is also timed alone, next to the SDK's PUT of the same
 * file, so the printout says where the difference goes.
 *
 * <p>Run it with {@code gridata bench rawzone} (without an endpoint it starts the local S3 server).
 * Without an access key the AWS default credentials chain is used; without an endpoint, AWS itself.
 */
public final class RawZoneBenchmark {
  private RawZoneBenchmark() {}

  /**
   * What to run.
   *
   * @param endpoint S3 endpoint override; AWS when empty
   * @param accessKey static access key, with {@code secretKey}; the default chain when empty
   * @param secretKey static secret key
   * @param bucket bucket to write to (created when missing)
   * @param files number of files per side
   * @param megabytes size of each file in MiB
   * @param rounds rounds of writes and reads per side; medians are reported
   */
  public record Options(
      Optional<URI> endpoint,
      Optional<String> accessKey,
      Optional<String> secretKey,
      String bucket,
      int files,
      int megabytes,
      int rounds) {
    /** Validates the values. */
    public Options {
      requireNonNull(endpoint, "endpoint is null");
      requireNonNull(accessKey, "accessKey is null");
      requireNonNull(secretKey, "secretKey is null");
      requireNonNull(bucket, "bucket is null");
      InvalidInputException.check(files >= 1, "Invalid --files %s: must be >= 1", files);
      InvalidInputException.check(
          megabytes >= 1 && megabytes <= 4096, "Invalid --mb %s: must be 1..4096", megabytes);
      InvalidInputException.check(rounds >= 1, "Invalid --rounds %s: must be >= 1", rounds);
      InvalidInputException.check(
          accessKey.isPresent() == secretKey.isPresent(),
          "Give both --access-key and --secret-key, or neither for the default chain");
    }

    @Override
    public String toString() {
      return "Options[endpoint="
          + endpoint.map(URI::toString).orElse("aws")
          + ", bucket="
          + bucket
          + ", files="
          + files
          + ", mb="
          + megabytes
          + ", rounds="
          + rounds
          + "]";
    }
  }

  /**
   * Throughput of one side, in MB/s (10^6 bytes per second).
   *
   * @param writeMbPerSecond landing / PutObject throughput
   * @param readMbPerSecond read-back / GetObject throughput
   */
  public record Throughput(double writeMbPerSecond, double readMbPerSecond) {}

  /**
   * Milliseconds per file, medians over all files and rounds: the SDK's PUT of the file and, each
   * timed alone, the three things landing does beside it.
   *
   * @param sdkPut the raw SDK's PUT of one file
   * @param head a HEAD of a missing key (landing's never-overwrite check)
   * @param readAndHash reading the source with its SHA-256 computed (landing's one pass)
   * @param sidecarPut the PUT of a {@code .sha256} sidecar
   */
  public record PerFile(double sdkPut, double head, double readAndHash, double sidecarPut) {
    /**
     * What landing adds in line before a single PUT, in milliseconds: the read with its SHA-256
     * (the HEAD runs beside the read, the sidecar beside the PUT).
     */
    public double inLine() {
      return readAndHash;
    }
  }

  /**
   * Both sides of one run.
   *
   * @param options what ran
   * @param rawZone through the raw zone, median MB/s of the rounds
   * @param awsSdk through the raw AWS SDK, median MB/s of the rounds
   * @param perFile where landing's extra time goes
   * @param loadAtStart the one-minute load average when the run started (negative if unknown)
   * @param loadAtEnd the one-minute load average when it ended
   */
  public record Result(
      Options options,
      Throughput rawZone,
      Throughput awsSdk,
      PerFile perFile,
      double loadAtStart,
      double loadAtEnd) {
    /** Raw zone write MB/s divided by SDK write MB/s. */
    public double writeRatio() {
      return rawZone.writeMbPerSecond() / awsSdk.writeMbPerSecond();
    }

    /** Raw zone read MB/s divided by SDK read MB/s. */
    public double readRatio() {
      return rawZone.readMbPerSecond() / awsSdk.readMbPerSecond();
    }

    /** A small table for people. */
    public String format() {
      return String.format(
          Locale.ROOT,
          "raw zone benchmark: %d files x %d MiB, median of %d rounds (the side going first"
              + " alternating)%n"
              + "%-10s %12s %12s%n"
              + "%-10s %12.1f %12.1f%n"
              + "%-10s %12.1f %12.1f%n"
              + "%-10s %12.2f %12.2f%n"
              + "per file, ms (medians, each timed alone): aws sdk PUT %.1f; landing adds in line"
              + " the read with SHA-256 %.1f (%.0f%% of the PUT); beside them HEAD %.1f (during"
              + " the read) and sidecar PUT %.1f (during the PUT)%n"
              + "load average (1 min): %.2f at the start, %.2f at the end%n",
          options.files(),
          options.megabytes(),
          options.rounds(),
          "",
          "write MB/s",
          "read MB/s",
          "raw zone",
          rawZone.writeMbPerSecond(),
          rawZone.readMbPerSecond(),
          "aws sdk",
          awsSdk.writeMbPerSecond(),
          awsSdk.readMbPerSecond(),
          "ratio",
          writeRatio(),
          readRatio(),
          perFile.sdkPut(),
          perFile.readAndHash(),
          100 * perFile.inLine() / perFile.sdkPut(),
          perFile.head(),
          perFile.sidecarPut(),
          loadAtStart,
          loadAtEnd);
    }
  }

  /** Runs the benchmark; the objects it writes stay under {@code bench-<uuid>/} in the bucket. */
  public static Result run(Options options) {
    requireNonNull(options, "options is null");
    double loadAtStart = loadAverage();
    String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    RawZoneConfig.Builder builder =
        RawZoneConfig.builder("s3://" + options.bucket() + "/" + run).pathStyleAccess(true);
    options.endpoint().ifPresent(builder::endpoint);
    if (options.accessKey().isPresent()) {
      builder.credentials(options.accessKey().get(), options.secretKey().get());
    }
    RawZoneConfig config = builder.build();
    Path source = null;
    try (S3Client sdk = RawZones.newClient(config);
        RawZone zone = RawZone.open(config)) {
      ensureBucket(sdk, options.bucket());
      source = Files.createTempFile("gridata-bench", ".bin");
      writeRandom(source, options.megabytes() * 1024L * 1024L);
      Sides sides = new Sides(zone, sdk, options.bucket(), run, source);
      long bytes = options.files() * Files.size(source);

      // Warm up both paths, writes and reads (class loading, connection pool), outside the timings.
      sides.zoneWrite("warmup");
      sides.sdkWrite("warmup");
      sides.zoneRead("warmup");
      sides.sdkRead("warmup");

      List<Double> zoneWrites = new ArrayList<>();
      List<Double> zoneReads = new ArrayList<>();
      List<Double> sdkWrites = new ArrayList<>();
      List<Double> sdkReads = new ArrayList<>();
      List<Double> puts = new ArrayList<>();
      List<Double> heads = new ArrayList<>();
      List<Double> hashes = new ArrayList<>();
      List<Double> sidecars = new ArrayList<>();
      for (int round = 0; round < options.rounds(); round++) {
        String prefix = "r" + round + "-file-";
        boolean zoneFirst = round % 2 == 0;
        for (boolean zoneTurn : new boolean[] {zoneFirst, !zoneFirst}) {
          long start = System.nanoTime();
          for (int i = 0; i < options.files(); i++) {
            if (zoneTurn) {
              sides.zoneWrite(prefix + i);
            } else {
              puts.add(millis(sides.sdkWrite(prefix + i)));
            }
          }
          (zoneTurn ? zoneWrites : sdkWrites).add(mbps(bytes, System.nanoTime() - start));
        }
        for (boolean zoneTurn : new boolean[] {zoneFirst, !zoneFirst}) {
          long start = System.nanoTime();
          for (int i = 0; i < options.files(); i++) {
            if (zoneTurn) {
              sides.zoneRead(prefix + i);
            } else {
              sides.sdkRead(prefix + i);
            }
          }
          (zoneTurn ? zoneReads : sdkReads).add(mbps(bytes, System.nanoTime() - start));
        }
        for (int i = 0; i < options.files(); i++) {
          heads.add(millis(sides.headMissing()));
          hashes.add(millis(sides.readAndHash()));
          sidecars.add(millis(sides.sidecarPut(prefix + i)));
        }
      }
      return new Result(
          options,
          new Throughput(Medians.of(zoneWrites), Medians.of(zoneReads)),
          new Throughput(Medians.of(sdkWrites), Medians.of(sdkReads)),
          new PerFile(
              Medians.of(puts), Medians.of(heads), Medians.of(hashes), Medians.of(sidecars)),
          loadAtStart,
          loadAverage());
    } catch (IOException e) {
      throw new UncheckedIOException("Benchmark failed: " + e.getMessage(), e);
    } finally {
      if (source != null) {
        try {
          Files.deleteIfExists(source);
        } catch (IOException ignored) {
          // temporary file
        }
      }
    }
  }

  /** The timed operations of both sides; each returns its nanoseconds where a caller needs them. */
  private record Sides(RawZone zone, S3Client sdk, String bucket, String run, Path source) {
    private static final RawPartition PARTITION =
        RawPartition.of("bench", "files", LocalDate.of(2026, 1, 1));

    void zoneWrite(String name) {
      zone.land(PARTITION.file(name + ".bin"), source);
    }

    long sdkWrite(String name) {
      long start = System.nanoTime();
      sdk.putObject(b -> b.bucket(bucket).key(sdkKey(name)), RequestBody.fromFile(source));
      return System.nanoTime() - start;
    }

    void zoneRead(String name) throws IOException {
      try (InputStream in = zone.open(PARTITION.file(name + ".bin"))) {
        in.transferTo(OutputStream.nullOutputStream());
      }
    }

    void sdkRead(String name) throws IOException {
      try (InputStream in = sdk.getObject(b -> b.bucket(bucket).key(sdkKey(name)))) {
        in.transferTo(OutputStream.nullOutputStream());
      }
    }

    long headMissing() {
      long start = System.nanoTime();
      try {
        sdk.headObject(b -> b.bucket(bucket).key(run + "/missing"));
        throw new IllegalStateException("The benchmark's missing key exists: " + run + "/missing");
      } catch (NoSuchKeyException expected) {
        return System.nanoTime() - start;
      }
    }

    /**
     * Landing's read of the source: into one array of the file's size up to the multipart threshold
     * (then part by part through it), hashed as it reads.
     */
    long readAndHash() throws IOException {
      long start = System.nanoTime();
      try (InputStream in =
          new DigestInputStream(
              Files.newInputStream(source), MessageDigest.getInstance("SHA-256"))) {
        byte[] bytes =
            new byte[(int) Math.min(Files.size(source), RawZoneConfig.DEFAULT_MULTIPART_THRESHOLD)];
        while (in.readNBytes(bytes, 0, bytes.length) == bytes.length) {
          // the next part
        }
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is not available in this JVM", e);
      }
      return System.nanoTime() - start;
    }

    long sidecarPut(String name) {
      byte[] sidecar =
          (HexFormat.of().formatHex(new byte[32]) + "  " + name + "\n")
              .getBytes(StandardCharsets.US_ASCII);
      long start = System.nanoTime();
      sdk.putObject(
          b -> b.bucket(bucket).key(sdkKey(name) + ".sha256"), RequestBody.fromBytes(sidecar));
      return System.nanoTime() - start;
    }

    private String sdkKey(String name) {
      return run + "/sdk/" + name + ".bin";
    }
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  private static void ensureBucket(S3Client sdk, String bucket) {
    try {
      sdk.headBucket(b -> b.bucket(bucket));
    } catch (NoSuchBucketException missing) {
      try {
        sdk.createBucket(b -> b.bucket(bucket));
      } catch (BucketAlreadyOwnedByYouException raced) {
        // created meanwhile
      }
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() != 404) {
        throw e;
      }
      sdk.createBucket(b -> b.bucket(bucket));
    }
  }

  private static void writeRandom(Path file, long size) throws IOException {
    Random random = new Random(42);
    byte[] chunk = new byte[1024 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
      }
    }
  }

  private static double mbps(long bytes, long nanos) {
    return bytes / 1e6 / (nanos / 1e9);
  }
}
