package io.gridata.core.rawzone;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;
import io.gridata.core.retry.RetryPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a raw zone lives and how to reach it. The zone's root is {@link #location()}; files live
 * under {@code <location>/raw/<domain>/<dataset>/YYYY-MM-DD/}.
 *
 * <ul>
 *   <li>{@code file:///data/lake} (or a plain path): the local file system, the embedded default;
 *   <li>{@code s3://bucket} or {@code s3://bucket/prefix}: S3 or any S3-compatible endpoint.
 * </ul>
 *
 * <p>Credentials come from the AWS default provider chain unless {@link #credentials()} is set;
 * they never appear in {@link #toString()}.
 *
 * @param location root of the zone, {@code file:} or {@code s3:} URI
 * @param endpoint S3 endpoint override (MinIO, s3proxy); AWS when empty
 * @param region signing region; the AWS default region chain, else us-east-1, when empty
 * @param pathStyleAccess whether S3 requests use path-style addressing
 * @param checksumMode when the S3 client computes and validates checksums
 * @param credentials static S3 credentials; the default provider chain when empty
 * @param multipartThreshold size in bytes from which an upload is multipart
 * @param partSize size in bytes of each part of a multipart upload (at least 5 MiB)
 * @param retryPolicy how transient S3 faults are retried
 */
public record RawZoneConfig(
    URI location,
    Optional<URI> endpoint,
    Optional<String> region,
    boolean pathStyleAccess,
    ChecksumMode checksumMode,
    Optional<S3Credentials> credentials,
    long multipartThreshold,
    long partSize,
    RetryPolicy retryPolicy) {

  /** Smallest part S3 accepts, except for the last one. */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  /** Default multipart threshold, 16 MiB. */
  public static final long DEFAULT_MULTIPART_THRESHOLD = 16L * 1024 * 1024;

  /** Default part size, 8 MiB. */
  public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;

  /** Validates the values and normalises the location. */
  public RawZoneConfig {
    requireNonNull(location, "location is null");
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(region, "region is null");
    requireNonNull(checksumMode, "checksumMode is null");
    requireNonNull(credentials, "credentials is null");
    requireNonNull(retryPolicy, "retryPolicy is null");
    location = normalise(location);
    InvalidInputException.check(
        partSize >= MIN_PART_SIZE,
        "Invalid raw zone config: part size %s is below the S3 minimum of 5 MiB",
        partSize);
    InvalidInputException.check(
        multipartThreshold >= 1,
        "Invalid raw zone config: multipart threshold must be positive (%s)",
        multipartThreshold);
  }

  /** A builder for the zone at {@code location} ({@code file:}, {@code s3:} URI or plain path). */
  public static Builder builder(URI location) {
    return new Builder(location);
  }

  /** A builder for the zone at {@code location} ({@code file:}, {@code s3:} URI or plain path). */
  public static Builder builder(String location) {
    return new Builder(parseLocation(location));
  }

  /** A builder for a local zone rooted at {@code root}. */
  public static Builder local(Path root) {
    return new Builder(requireNonNull(root, "root is null").toAbsolutePath().toUri());
  }

  /**
   * The config for {@code location} with the settings in {@code properties} (keys of {@link
   * RawZoneProperties}, retry keys of {@link RetryPolicy}); unknown keys are ignored.
   */
  public static RawZoneConfig fromProperties(String location, Map<String, String> properties) {
    requireNonNull(properties, "properties is null");
    Builder builder = builder(location);
    String endpoint = properties.get(RawZoneProperties.S3_ENDPOINT);
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpoint(parseEndpoint(endpoint.trim()));
    }
    String region = properties.get(RawZoneProperties.S3_REGION);
    if (region != null && !region.isBlank()) {
      builder.region(region.trim());
    }
    String pathStyle = properties.get(RawZoneProperties.S3_PATH_STYLE_ACCESS);
    if (pathStyle != null) {
      InvalidInputException.check(
          pathStyle.trim().equalsIgnoreCase("true") || pathStyle.trim().equalsIgnoreCase("false"),
          "Invalid %s '%s': use true or false",
          RawZoneProperties.S3_PATH_STYLE_ACCESS,
          pathStyle);
      builder.pathStyleAccess(Boolean.parseBoolean(pathStyle.trim()));
    }
    String mode = properties.get(RawZoneProperties.S3_CHECKSUM_MODE);
    if (mode != null) {
      try {
        builder.checksumMode(ChecksumMode.valueOf(mode.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "Invalid %s: %s; use WHEN_SUPPORTED or WHEN_REQUIRED",
            RawZoneProperties.S3_CHECKSUM_MODE, mode);
      }
    }
    String key = properties.get(RawZoneProperties.S3_ACCESS_KEY_ID);
    String secret = properties.get(RawZoneProperties.S3_SECRET_ACCESS_KEY);
    if (key != null || secret != null) {
      InvalidInputException.check(
          key != null && secret != null,
          "Invalid raw zone config: set both %s and %s, or neither to use the default chain",
          RawZoneProperties.S3_ACCESS_KEY_ID,
          RawZoneProperties.S3_SECRET_ACCESS_KEY);
      builder.credentials(new S3Credentials(key, secret));
    }
    String threshold = properties.get(RawZoneProperties.MULTIPART_THRESHOLD);
    if (threshold != null) {
      builder.multipartThreshold(parseLong(RawZoneProperties.MULTIPART_THRESHOLD, threshold));
    }
    String part = properties.get(RawZoneProperties.MULTIPART_PART_SIZE);
    if (part != null) {
      builder.partSize(parseLong(RawZoneProperties.MULTIPART_PART_SIZE, part));
    }
    builder.retryPolicy(RetryPolicy.defaults().withProperties(properties, ""));
    return builder.build();
  }

  /** True for an {@code s3:} location. */
  public boolean isS3() {
    return "s3".equals(location.getScheme());
  }

  /** The bucket of an {@code s3:} location. */
  public String bucket() {
    InvalidInputException.check(isS3(), "Raw zone %s is not on S3: no bucket", location);
    return location.getHost();
  }

  /** The key prefix of an {@code s3:} location, empty or ending with {@code /}. */
  public String keyPrefix() {
    InvalidInputException.check(isS3(), "Raw zone %s is not on S3: no key prefix", location);
    String path = location.getPath() == null ? "" : location.getPath();
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    if (!path.isEmpty() && !path.endsWith("/")) {
      path = path + "/";
    }
    return path;
  }

  /** The root directory of a {@code file:} location. */
  public Path localRoot() {
    InvalidInputException.check(!isS3(), "Raw zone %s is on S3: no local root", location);
    return Paths.get(location);
  }

  /** A builder initialised with this config. */
  public Builder toBuilder() {
    Builder builder =
        new Builder(location)
            .pathStyleAccess(pathStyleAccess)
            .checksumMode(checksumMode)
            .multipartThreshold(multipartThreshold)
            .partSize(partSize)
            .retryPolicy(retryPolicy);
    endpoint.ifPresent(builder::endpoint);
    region.ifPresent(builder::region);
    credentials.ifPresent(builder::credentials);
    return builder;
  }

  private static URI parseEndpoint(String endpoint) {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new InvalidInputException(
          "Invalid %s '%s': %s; use http(s)://host[:port]",
          RawZoneProperties.S3_ENDPOINT, endpoint, e.getReason());
    }
    InvalidInputException.check(
        ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            && uri.getHost() != null,
        "Invalid %s '%s': use http(s)://host[:port]",
        RawZoneProperties.S3_ENDPOINT,
        endpoint);
    return uri;
  }

  private static long parseLong(String property, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("Invalid %s: not a number of bytes (%s)", property, value);
    }
  }

  static URI parseLocation(String location) {
    requireNonNull(location, "location is null");
    String trimmed = location.trim();
    InvalidInputException.check(!trimmed.isEmpty(), "Invalid raw zone location: empty");
    if (trimmed.startsWith("s3://")
        || trimmed.startsWith("s3a://")
        || trimmed.startsWith("file:")) {
      try {
        return new URI(trimmed.startsWith("s3a://") ? "s3" + trimmed.substring(3) : trimmed);
      } catch (URISyntaxException e) {
        throw new InvalidInputException(
            "Invalid raw zone location '%s': %s", trimmed, e.getMessage());
      }
    }
    InvalidInputException.check(
        !trimmed.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*"),
        "Invalid raw zone location '%s': unsupported scheme; use file:///path or s3://bucket/prefix",
        trimmed);
    return Paths.get(trimmed).toAbsolutePath().normalize().toUri();
  }

  private static URI normalise(URI location) {
    String scheme = location.getScheme();
    if (scheme == null) {
      return Paths.get(location.getPath()).toAbsolutePath().normalize().toUri();
    }
    if (scheme.equals("s3a")) {
      return URI.create("s3" + location.toString().substring(3));
    }
    if (scheme.equals("s3")) {
      InvalidInputException.check(
          location.getHost() != null && !location.getHost().isEmpty(),
          "Invalid raw zone location '%s': no bucket; use s3://bucket/prefix",
          location);
      InvalidInputException.check(
          location.getPath() == null || !location.getPath().contains(".."),
          "Invalid raw zone location '%s': '..' is not allowed",
          location);
      return location;
    }
    InvalidInputException.check(
        scheme.equals("file"),
        "Invalid raw zone location '%s': unsupported scheme '%s'; use file:///path or"
            + " s3://bucket/prefix",
        location,
        scheme);
    return Paths.get(location).toAbsolutePath().normalize().toUri();
  }

  /** Mutable builder of {@link RawZoneConfig}. */
  public static final class Builder {
    private final URI location;
    private URI endpoint;
    private String region;
    private boolean pathStyleAccess;
    private ChecksumMode checksumMode = ChecksumMode.WHEN_SUPPORTED;
    private S3Credentials credentials;
    private long multipartThreshold = DEFAULT_MULTIPART_THRESHOLD;
    private long partSize = DEFAULT_PART_SIZE;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();

    private Builder(URI location) {
      this.location = requireNonNull(location, "location is null");
    }

    /** S3 endpoint override (MinIO, s3proxy). */
    public Builder endpoint(URI value) {
      this.endpoint = requireNonNull(value, "endpoint is null");
      return this;
    }

    /** Signing region. */
    public Builder region(String value) {
      this.region = requireNonNull(value, "region is null");
      return this;
    }

    /** Path-style addressing; false by default. */
    public Builder pathStyleAccess(boolean value) {
      this.pathStyleAccess = value;
      return this;
    }

    /** Checksum mode; {@link ChecksumMode#WHEN_SUPPORTED} by default. */
    public Builder checksumMode(ChecksumMode value) {
      this.checksumMode = requireNonNull(value, "checksumMode is null");
      return this;
    }

    /** Static credentials instead of the default provider chain. */
    public Builder credentials(S3Credentials value) {
      this.credentials = requireNonNull(value, "credentials is null");
      return this;
    }

    /** Static credentials instead of the default provider chain. */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      return credentials(new S3Credentials(accessKeyId, secretAccessKey));
    }

    /** Size in bytes from which uploads are multipart; 16 MiB by default. */
    public Builder multipartThreshold(long value) {
      this.multipartThreshold = value;
      return this;
    }

    /** Part size in bytes, at least 5 MiB; 8 MiB by default. */
    public Builder partSize(long value) {
      this.partSize = value;
      return this;
    }

    /** Retry policy for transient S3 faults; {@link RetryPolicy#defaults()} by default. */
    public Builder retryPolicy(RetryPolicy value) {
      this.retryPolicy = requireNonNull(value, "retryPolicy is null");
      return this;
    }

    /** The config; validates the values. */
    public RawZoneConfig build() {
      return new RawZoneConfig(
          location,
          Optional.ofNullable(endpoint),
          Optional.ofNullable(region),
          pathStyleAccess,
          checksumMode,
          Optional.ofNullable(credentials),
          multipartThreshold,
          partSize,
          retryPolicy);
    }
  }
}
