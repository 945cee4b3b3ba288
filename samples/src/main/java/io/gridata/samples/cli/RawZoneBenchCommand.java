package io.gridata.samples.cli;

import io.gridata.core.InvalidInputException;
import io.gridata.samples.bench.RawZoneBenchmark;
import io.gridata.testkit.Backend;
import io.gridata.testkit.LakehouseStack;
import java.net.URI;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs {@link RawZoneBenchmark}: against {@code --endpoint} (with keys, or the AWS default chain),
 * or, without one, against the local stack's S3 server started for the run.
 */
@Command(
    name = "rawzone",
    mixinStandardHelpOptions = true,
    description =
        "Land and read back N files of M MiB through the S3 raw zone and through the raw AWS SDK;"
            + " print median MB/s, the ratio and where landing's extra time goes. Without --endpoint, on the local S3 server.")
final class RawZoneBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--endpoint", paramLabel = "URL", description = "S3 endpoint (default: local).")
  URI endpoint;

  @Option(names = "--access-key", paramLabel = "KEY", description = "With --endpoint.")
  String accessKey;

  @Option(names = "--secret-key", paramLabel = "SECRET", description = "With --endpoint.")
  String secretKey;

  @Option(
      names = "--bucket",
      defaultValue = "gridata-bench",
      description = "Bucket (default: ${DEFAULT-VALUE}).")
  String bucket;

  @Option(
      names = "--files",
      defaultValue = "4",
      description = "Files per side (default: ${DEFAULT-VALUE}).")
  int files;

  @Option(
      names = "--mb",
      defaultValue = "8",
      description = "MiB per file (default: ${DEFAULT-VALUE}).")
  int megabytes;

  @Option(
      names = "--rounds",
      defaultValue = "5",
      description =
          "Rounds per side, the side going first alternating; medians are printed (default:"
              + " ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() throws Exception {
    try {
      if (endpoint != null) {
        print(
            new RawZoneBenchmark.Options(
                Optional.of(endpoint),
                Optional.ofNullable(accessKey),
                Optional.ofNullable(secretKey),
                bucket,
                files,
                megabytes,
                rounds));
        return 0;
      }
      try (LakehouseStack stack =
          LakehouseStack.start(
              Backend.LOCAL, Files.createTempDirectory("gridata-bench-rawzone-"))) {
        print(
            new RawZoneBenchmark.Options(
                Optional.of(stack.s3().endpoint()),
                Optional.of(stack.s3().accessKey()),
                Optional.of(stack.s3().secretKey()),
                bucket,
                files,
                megabytes,
                rounds));
      }
      return 0;
    } catch (InvalidInputException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private void print(RawZoneBenchmark.Options options) {
    spec.commandLine().getOut().print(RawZoneBenchmark.run(options).format());
    spec.commandLine().getOut().flush();
  }
}
