package io.gridata.core.rawzone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawZoneConfigTest {

  @Test
  void s3LocationsGiveBucketAndPrefix() {
    RawZoneConfig config = RawZoneConfig.builder("s3://lake/landing/zone").build();

    assertThat(config.isS3()).isTrue();
    assertThat(config.bucket()).isEqualTo("lake");
    assertThat(config.keyPrefix()).isEqualTo("landing/zone/");
    assertThat(RawZoneConfig.builder("s3a://lake").build().keyPrefix()).isEmpty();
  }

  @Test
  void plainPathsAndFileUrisAreLocalZones() {
    RawZoneConfig fromPath = RawZoneConfig.builder("/tmp/gridata-zone").build();
    RawZoneConfig fromUri = RawZoneConfig.builder(URI.create("file:///tmp/gridata-zone")).build();

    assertThat(fromPath.isS3()).isFalse();
    assertThat(fromPath.localRoot()).isEqualTo(Path.of("/tmp/gridata-zone"));
    assertThat(fromUri.localRoot()).isEqualTo(Path.of("/tmp/gridata-zone"));
  }

  @Test
  void unsupportedSchemesAndBadValuesAreClearErrors() {
    assertThatThrownBy(() -> RawZoneConfig.builder("hdfs://nn/raw").build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("file:///path or s3://bucket/prefix");
    assertThatThrownBy(() -> RawZoneConfig.builder("s3://lake").partSize(1024).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("5 MiB");
    assertThatThrownBy(
            () ->
                RawZoneConfig.fromProperties(
                    "s3://lake", Map.of(RawZoneProperties.S3_ACCESS_KEY_ID, "only-the-key")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("both");
  }

  @Test
  void malformedS3PropertiesNameTheirKey() {
    assertThatThrownBy(
            () ->
                RawZoneConfig.fromProperties(
                    "s3://lake", Map.of(RawZoneProperties.S3_ENDPOINT, "localhost:9000")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Invalid s3.endpoint 'localhost:9000': use http(s)://host[:port]");
    assertThatThrownBy(
            () ->
                RawZoneConfig.fromProperties(
                    "s3://lake", Map.of(RawZoneProperties.S3_ENDPOINT, "http://bad host")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Invalid s3.endpoint 'http://bad host': Illegal character");
    assertThatThrownBy(
            () ->
                RawZoneConfig.fromProperties(
                    "s3://lake", Map.of(RawZoneProperties.S3_PATH_STYLE_ACCESS, "yes")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Invalid s3.path-style-access 'yes': use true or false");
  }

  @Test
  void propertiesConfigureEverythingAndSecretsNeverPrint() {
    RawZoneConfig config =
        RawZoneConfig.fromProperties(
            "s3://lake/raw",
            Map.of(
                RawZoneProperties.S3_ENDPOINT,
                "http://127.0.0.1:9000",
                RawZoneProperties.S3_PATH_STYLE_ACCESS,
                "true",
                RawZoneProperties.S3_CHECKSUM_MODE,
                "when_required",
                RawZoneProperties.S3_ACCESS_KEY_ID,
                "AKIDEXAMPLE",
                RawZoneProperties.S3_SECRET_ACCESS_KEY,
                "wJalrXUtnFEMI-secret",
                RawZoneProperties.MULTIPART_THRESHOLD,
                "6000000",
                "retry.initial-delay",
                "10ms"));

    assertThat(config.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
    assertThat(config.pathStyleAccess()).isTrue();
    assertThat(config.checksumMode()).isEqualTo(ChecksumMode.WHEN_REQUIRED);
    assertThat(config.multipartThreshold()).isEqualTo(6_000_000);
    assertThat(config.retryPolicy().initialDelay()).isEqualTo(Duration.ofMillis(10));
    assertThat(config.credentials().orElseThrow().secretAccessKey())
        .isEqualTo("wJalrXUtnFEMI-secret");
    assertThat(config.toString())
        .doesNotContain("wJalrXUtnFEMI-secret")
        .doesNotContain("AKIDEXAMPLE");
  }
}
