package io.gridata.samples.cli;

import io.gridata.lineage.Env;
import io.gridata.lineage.LineageSink;
import io.gridata.lineage.Owner;
import io.gridata.lineage.RestSinkConfig;
import io.gridata.pipeline.LineageIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where a command publishes its lineage ({@code --lineage-file} or {@code --datahub-url}) and where
 * it belongs in DataHub ({@code --lineage-env}, {@code --lineage-cluster}, {@code
 * --lineage-owner}).
 */
final class LineageOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--lineage-file",
      paramLabel = "PATH",
      description =
          "Publish the run's lineage (datasets, schemas, job, run, quality assertions) as DataHub"
              + " metadata change proposals to this JSON file (appended to).")
  Path lineageFile;

  @Option(
      names = "--datahub-url",
      paramLabel = "URL",
      description =
          "Publish the run's lineage to this DataHub GMS (token from $DATAHUB_TOKEN, if set).")
  String datahubUrl;

  @Option(
      names = "--lineage-env",
      paramLabel = "ENV",
      description =
          "DataHub environment of the datasets, one of ${COMPLETION-CANDIDATES} (default PROD).")
  Env lineageEnv;

  @Option(
      names = "--lineage-cluster",
      paramLabel = "NAME",
      description =
          "Cluster of the job's data flow in DataHub (default: --lineage-env in lower case, else"
              + " prod).")
  String lineageCluster;

  @Option(
      names = "--lineage-owner",
      paramLabel = "GROUP",
      description =
          "DataHub group that owns the written tables, as technical owner (default: data-platform;"
              + " analytics for customer360).")
  String lineageOwner;

  /**
   * The identity to publish under: {@code defaults} with what the options give. {@code
   * --lineage-env} alone also names the cluster (its name in lower case).
   */
  LineageIdentity identity(LineageIdentity defaults) {
    Env env = lineageEnv != null ? lineageEnv : defaults.env();
    String cluster =
        lineageCluster != null
            ? lineageCluster
            : lineageEnv != null ? lineageEnv.name().toLowerCase(Locale.ROOT) : defaults.cluster();
    Owner owner =
        lineageOwner != null
            ? Owner.group(lineageOwner, Owner.Type.TECHNICAL_OWNER)
            : defaults.owner();
    return new LineageIdentity(env, cluster, owner);
  }

  /**
   * Refuses two destinations, a malformed URL, a file in a missing directory, an identity option
   * without a destination and a blank cluster or owner.
   */
  void check() {
    if (lineageFile == null
        && datahubUrl == null
        && (lineageEnv != null || lineageCluster != null || lineageOwner != null)) {
      throw usage(
          "--lineage-env, --lineage-cluster and --lineage-owner say where lineage belongs: give"
              + " --lineage-file or --datahub-url too");
    }
    if (lineageCluster != null && lineageCluster.isBlank()) {
      throw usage("--lineage-cluster is blank: it is part of the flow's URN, e.g. staging");
    }
    if (lineageOwner != null) {
      try {
        Owner.group(lineageOwner, Owner.Type.TECHNICAL_OWNER);
      } catch (IllegalArgumentException e) {
        throw usage("--lineage-owner " + lineageOwner + ": " + e.getMessage());
      }
    }
    if (lineageFile != null && datahubUrl != null) {
      throw usage("give at most one of --lineage-file and --datahub-url");
    }
    if (datahubUrl != null) {
      try {
        RestSinkConfig.builder(datahubUrl).build();
      } catch (IllegalArgumentException e) {
        throw usage("--datahub-url " + datahubUrl + ": " + e.getMessage());
      }
    }
    if (lineageFile != null && !Files.isDirectory(lineageFile.toAbsolutePath().getParent())) {
      throw usage("--lineage-file " + lineageFile + ": no such directory");
    }
  }

  /** Opens the sink when lineage is published (a failure there is reported, not fatal). */
  Optional<Supplier<LineageSink>> sink() {
    if (lineageFile != null) {
      return Optional.of(() -> LineageSink.file(lineageFile));
    }
    if (datahubUrl != null) {
      return Optional.of(
          () ->
              LineageSink.rest(
                  RestSinkConfig.builder(datahubUrl)
                      .token(System.getenv("DATAHUB_TOKEN"))
                      .build()));
    }
    return Optional.empty();
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
