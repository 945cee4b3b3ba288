package io.gridata.core.rawzone.internal;

import static java.util.Objects.requireNonNull;

import io.gridata.core.GridataException;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.rawzone.RawZoneConfig;
import io.gridata.core.rawzone.S3Faults;
import io.gridata.core.retry.Retrier;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Opens raw zones. Not API: use {@link RawZone#open(RawZoneConfig)}. Public only because the API
 * interface delegates here.
 */
public final class RawZones {
  private RawZones() {}

  /** Opens the zone {@code config} describes, with the system clock. */
  public static RawZone open(RawZoneConfig config) {
    return open(config, Clock.systemUTC());
  }

  /** Opens the zone {@code config} describes; {@code clock} stamps manifests and audit records. */
  public static RawZone open(RawZoneConfig config, Clock clock) {
    requireNonNull(config, "config is null");
    requireNonNull(clock, "clock is null");
    if (config.isS3()) {
      S3Client client = newClient(config);
      return new BlobRawZone(
          config,
          new S3BlobStore(
              client,
              config.bucket(),
              config.keyPrefix(),
              config.multipartThreshold(),
              config.partSize(),
              new Retrier(config.retryPolicy(), S3Faults::isTransient)),
          clock);
    }
    try {
      Files.createDirectories(config.localRoot());
    } catch (java.io.IOException e) {
      throw new GridataException(
          e, "Cannot open raw zone %s: cannot create the directory (%s)", config.location(), e);
    }
    return new BlobRawZone(config, new LocalBlobStore(config.localRoot()), clock);
  }

  /**
   * An S3 client for {@code config}: Apache HTTP client, endpoint override, path style, checksum
   * mode, static or default-chain credentials, and the SDK's own retries switched off (Gridata's
   * {@link io.gridata.core.retry.RetryPolicy} is the single retry layer).
   */
  public static S3Client newClient(RawZoneConfig config) {
    S3ClientBuilder builder =
        S3Client.builder()
            // A builder, not a built client: the S3 client then owns the connection pool and
            // closes it with itself (RawZone.close()).
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)))
            .forcePathStyle(config.pathStyleAccess())
            .region(region(config))
            .credentialsProvider(credentials(config))
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    config.endpoint().ifPresent(builder::endpointOverride);
    switch (config.checksumMode()) {
      case WHEN_SUPPORTED ->
          builder
              .requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED)
              .responseChecksumValidation(ResponseChecksumValidation.WHEN_SUPPORTED);
      case WHEN_REQUIRED ->
          builder
              .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
              .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return builder.build();
  }

  private static Region region(RawZoneConfig config) {
    if (config.region().isPresent()) {
      return Region.of(config.region().get());
    }
    if (config.endpoint().isEmpty()) {
      try {
        return DefaultAwsRegionProviderChain.builder().build().getRegion();
      } catch (RuntimeException none) {
        return Region.US_EAST_1;
      }
    }
    return Region.US_EAST_1;
  }

  private static AwsCredentialsProvider credentials(RawZoneConfig config) {
    return config
        .credentials()
        .<AwsCredentialsProvider>map(
            c ->
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
        .orElseGet(() -> DefaultCredentialsProvider.builder().build());
  }
}
