package io.gridata.samples.cli;

import picocli.CommandLine.Command;

/**
 * {@code gridata bench orders|quality|customer360|rawzone|stack|stream|freshness}: the benchmark
 * entry points.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: run one of the sub-commands; each prints its figures side by side.",
    subcommands = {
      OrdersBenchCommand.class,
      FreshnessBenchCommand.class,
      QualityBenchCommand.class,
      Customer360BenchCommand.class,
      RawZoneBenchCommand.class,
      StackBenchCommand.class,
      StreamBenchCommand.class
    })
final class BenchCommand {}
