package io.gridata.samples.cli;

import io.gridata.lineage.LineageSink;
import io.gridata.lineage.RestSinkConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where a command publishes its lineage: {@code --lineage-file} or {@code --datahub-url}. */
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

  /** Refuses two destinations, a malformed URL or a file in a missing directory. */
  void check() {
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
