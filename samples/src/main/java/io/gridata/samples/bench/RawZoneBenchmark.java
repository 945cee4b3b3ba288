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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * Lands and reads back N files of M MiB through the S3 raw zone, then does the same with the raw
 * AWS SDK (same HTTP client, same endpoint, same process), and prints MB/s for both and their
 * ratio. The raw zone's extra work per file is visible in the ratio: an existence check, SHA-256
 * while streaming, and the {@code .sha256} sidecar upload.
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
   */
  public record Options(
      Optional<URI> endpoint,
      Optional<String> accessKey,
      Optional<String> secretKey,
      String bucket,
      int files,
      int megabytes) {
    /** Validates the values. */
    public Options {
      requireNonNull(endpoint, "endpoint is null");
      requireNonNull(accessKey, "accessKey is null");
      requireNonNull(secretKey, "secretKey is null");
      requireNonNull(bucket, "bucket is null");
      InvalidInputException.check(files >= 1, "Invalid --files %s: must be >= 1", files);
      InvalidInputException.check(
          megabytes >= 1 && megabytes <= 4096, "Invalid --mb %s: must be 1..4096", megabytes);
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
   * Both sides of one run.
   *
   * @param options what ran
   * @param rawZone through the raw zone
   * @param awsSdk through the raw AWS SDK
   */
  public record Result(Options options, Throughput rawZone, Throughput awsSdk) {
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
          "raw zone benchmark: %d files x %d MiB%n"
              + "%-10s %12s %12s%n"
              + "%-10s %12.1f %12.1f%n"
              + "%-10s %12.1f %12.1f%n"
              + "%-10s %12.2f %12.2f%n",
          options.files(),
          options.megabytes(),
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
          readRatio());
    }
  }

  /** Runs the benchmark; the objects it writes stay under {@code bench-<uuid>/} in the bucket. */
  public static Result run(Options options) {
    requireNonNull(options, "options is null");
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
      long bytes = options.files() * Files.size(source);
      RawPartition partition = RawPartition.of("bench", "files", LocalDate.of(2026, 1, 1));

      // Warm up both paths, writes and reads (class loading, connection pool), outside the timings.
      zone.land(partition.file("warmup.bin"), source);
      sdk.putObject(
          b -> b.bucket(options.bucket()).key(run + "/sdk/warmup.bin"),
          RequestBody.fromFile(source));
      try (InputStream in = zone.open(partition.file("warmup.bin"));
          InputStream raw =
              sdk.getObject(b -> b.bucket(options.bucket()).key(run + "/sdk/warmup.bin"))) {
        in.transferTo(OutputStream.nullOutputStream());
        raw.transferTo(OutputStream.nullOutputStream());
      }

      long start = System.nanoTime();
      for (int i = 0; i < options.files(); i++) {
        zone.land(partition.file("file-" + i + ".bin"), source);
      }
      long zoneWrite = System.nanoTime() - start;
      start = System.nanoTime();
      for (int i = 0; i < options.files(); i++) {
        try (InputStream in = zone.open(partition.file("file-" + i + ".bin"))) {
          in.transferTo(OutputStream.nullOutputStream());
        }
      }
      long zoneRead = System.nanoTime() - start;

      start = System.nanoTime();
      for (int i = 0; i < options.files(); i++) {
        String key = run + "/sdk/file-" + i + ".bin";
        sdk.putObject(b -> b.bucket(options.bucket()).key(key), RequestBody.fromFile(source));
      }
      long sdkWrite = System.nanoTime() - start;
      start = System.nanoTime();
      for (int i = 0; i < options.files(); i++) {
        String key = run + "/sdk/file-" + i + ".bin";
        try (InputStream in = sdk.getObject(b -> b.bucket(options.bucket()).key(key))) {
          in.transferTo(OutputStream.nullOutputStream());
        }
      }
      long sdkRead = System.nanoTime() - start;
      return new Result(
          options,
          new Throughput(mbps(bytes, zoneWrite), mbps(bytes, zoneRead)),
          new Throughput(mbps(bytes, sdkWrite), mbps(bytes, sdkRead)));
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
