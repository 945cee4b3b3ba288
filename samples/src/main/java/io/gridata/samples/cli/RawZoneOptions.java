package io.gridata.samples.cli;

import io.gridata.core.InvalidInputException;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.rawzone.RawZoneConfig;
import io.gridata.core.rawzone.RawZoneProperties;
import io.gridata.core.retry.RetryPolicy;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options that name a raw zone and one day of one dataset in it (shared by several commands). */
final class RawZoneOptions {
  /** Prefix of the raw zone's keys in the catalog's {@code --config} file. */
  static final String CONFIG_PREFIX = "gridata.raw.";

  /** The keys of {@code --raw-config}: the zone's own and its retry policy's. */
  static final List<String> KEYS =
      Stream.concat(
              RawZoneProperties.KEYS.stream(),
              Stream.of(
                  RetryPolicy.MAX_ATTEMPTS,
                  RetryPolicy.INITIAL_DELAY,
                  RetryPolicy.MAX_DELAY,
                  RetryPolicy.MULTIPLIER))
          .toList();

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--raw",
      required = true,
      paramLabel = "URI",
      description =
          "Raw zone root that holds raw/...: a path, file:///dir or s3://bucket[/prefix].")
  String raw;

  @Option(
      names = "--raw-config",
      paramLabel = "FILE",
      description =
          "Properties for an S3 zone: s3.endpoint, s3.region, s3.path-style-access,"
              + " s3.access-key-id, s3.secret-access-key, retry.* (default: the AWS chain);"
              + " also read as gridata.raw.* from --config, where the command has it.")
  Path rawConfig;

  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "DOMAIN.DATASET",
      description = "Dataset, e.g. ecommerce.orders.")
  String dataset;

  @Option(
      names = "--date",
      required = true,
      paramLabel = "YYYY-MM-DD",
      description =
          "The day; also 'today' or 'yesterday' (UTC), for schedulers that cannot template dates.")
  String date;

  /** The day's partition; a usage error naming the option when a value is malformed. */
  RawPartition partition() {
    int dot = dataset.indexOf('.');
    if (dot <= 0 || dot == dataset.length() - 1 || dataset.indexOf('.', dot + 1) >= 0) {
      throw usage(
          "--dataset must be DOMAIN.DATASET (e.g. ecommerce.orders), got '" + dataset + "'");
    }
    return RawPartition.of(dataset.substring(0, dot), dataset.substring(dot + 1), day());
  }

  /**
   * The day: an ISO date, or {@code today} / {@code yesterday} in UTC; a usage error naming {@code
   * --date} otherwise.
   */
  LocalDate day() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    if (date.equals("today")) {
      return today;
    }
    if (date.equals("yesterday")) {
      return today.minusDays(1);
    }
    try {
      return LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      throw usage("--date must be YYYY-MM-DD, today or yesterday, got '" + date + "'");
    }
  }

  /** The zone's settings; a usage error naming the option when they are malformed. */
  RawZoneConfig config() {
    return config(Optional.empty());
  }

  /**
   * The zone's settings: the {@code gridata.raw.*} keys of {@code configFile} (the catalog's {@code
   * --config}), then the keys of {@code --raw-config}, which win. A usage error names the option
   * and key when a key is unknown or a value malformed.
   */
  RawZoneConfig config(Optional<Path> configFile) {
    Map<String, String> values = new HashMap<>();
    configFile.ifPresent(
        file ->
            read(file, "--config")
                .forEach(
                    (key, value) -> {
                      if (key.startsWith(CONFIG_PREFIX)) {
                        values.put(
                            known(key.substring(CONFIG_PREFIX.length()), "--config " + file, key),
                            value);
                      }
                    }));
    if (rawConfig != null) {
      read(rawConfig, "--raw-config")
          .forEach((key, value) -> values.put(known(key, "--raw-config " + rawConfig, key), value));
    }
    RawZoneConfig config;
    try {
      config = RawZoneConfig.fromProperties(raw, values);
    } catch (IllegalArgumentException | InvalidInputException e) {
      throw usage("--raw " + raw + " / --raw-config: " + e.getMessage());
    }
    if (!config.isS3() && !Files.isDirectory(config.localRoot())) {
      throw usage("--raw " + raw + ": no such directory (give the zone root that holds raw/...)");
    }
    return config;
  }

  /** Opens the zone; the caller closes it. */
  RawZone open() {
    return RawZone.open(config());
  }

  /** {@code key} when the raw zone knows it; a usage error listing the known keys otherwise. */
  private String known(String key, String source, String asWritten) {
    if (!KEYS.contains(key)) {
      throw usage(
          source
              + ": unknown raw zone setting '"
              + asWritten
              + "'; known: "
              + String.join(", ", KEYS));
    }
    return key;
  }

  private Map<String, String> read(Path file, String option) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw usage(option + " " + file + " cannot be read: " + e);
    }
    Map<String, String> values = new HashMap<>();
    properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));
    return values;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
