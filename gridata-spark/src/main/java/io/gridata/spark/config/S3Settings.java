package io.gridata.spark.config;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How Iceberg's {@code S3FileIO} reaches the warehouse: endpoint (MinIO or another S3-compatible
 * store), path-style addressing, region and static credentials. Without credentials the AWS default
 * provider chain is used.
 *
 * @param endpoint S3 endpoint URL, empty for AWS
 * @param pathStyle whether to address buckets in the path
 * @param region signing region, empty for the SDK's default
 * @param accessKey static access key id
 * @param secretKey static secret key (never printed)
 */
public record S3Settings(
    Optional<String> endpoint,
    boolean pathStyle,
    Optional<String> region,
    Optional<String> accessKey,
    Optional<String> secretKey) {

  /** Validates: keys come in pairs. */
  public S3Settings {
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(region, "region is null");
    requireNonNull(accessKey, "accessKey is null");
    requireNonNull(secretKey, "secretKey is null");
    InvalidInputException.check(
        accessKey.isPresent() == secretKey.isPresent(),
        "Set both gridata.s3.access-key and gridata.s3.secret-key, or neither (the AWS default"
            + " credential chain is used then)");
  }

  /** The settings among {@code values}, empty when no {@code gridata.s3.*} key is set. */
  static Optional<S3Settings> from(Map<String, String> values) {
    Optional<String> endpoint = CatalogConfig.value(values, "gridata.s3.endpoint");
    Optional<String> pathStyle = CatalogConfig.value(values, "gridata.s3.path-style");
    Optional<String> region = CatalogConfig.value(values, "gridata.s3.region");
    Optional<String> accessKey = CatalogConfig.value(values, "gridata.s3.access-key");
    Optional<String> secretKey = CatalogConfig.value(values, "gridata.s3.secret-key");
    if (endpoint.isEmpty()
        && pathStyle.isEmpty()
        && region.isEmpty()
        && accessKey.isEmpty()
        && secretKey.isEmpty()) {
      return Optional.empty();
    }
    pathStyle.ifPresent(
        v ->
            InvalidInputException.check(
                v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"),
                "Invalid gridata.s3.path-style '%s': use true or false",
                v));
    boolean path = pathStyle.map(Boolean::parseBoolean).orElse(endpoint.isPresent());
    Optional<String> signingRegion = region.isPresent() ? region : endpoint.map(e -> "us-east-1");
    return Optional.of(new S3Settings(endpoint, path, signingRegion, accessKey, secretKey));
  }

  /** Every catalog property {@link #icebergProperties()} may set. */
  static final Set<String> ICEBERG_KEYS =
      Set.of(
          "io-impl",
          "s3.endpoint",
          "s3.path-style-access",
          "client.region",
          "s3.access-key-id",
          "s3.secret-access-key");

  /** Iceberg catalog properties ({@code io-impl}, {@code s3.*}, {@code client.region}). */
  public Map<String, String> icebergProperties() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
    endpoint.ifPresent(e -> props.put("s3.endpoint", e));
    props.put("s3.path-style-access", Boolean.toString(pathStyle));
    region.ifPresent(r -> props.put("client.region", r));
    accessKey.ifPresent(k -> props.put("s3.access-key-id", k));
    secretKey.ifPresent(k -> props.put("s3.secret-access-key", k));
    return props;
  }

  /** Names the endpoint, never the secret key. */
  @Override
  public String toString() {
    return "S3Settings[endpoint="
        + endpoint.orElse("AWS")
        + ", pathStyle="
        + pathStyle
        + ", region="
        + region.orElse("default")
        + ", accessKey="
        + accessKey.orElse("default chain")
        + ", secretKey="
        + (secretKey.isPresent() ? "***" : "-")
        + "]";
  }
}
