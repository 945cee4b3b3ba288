package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.lineage.Env;
import io.gridata.lineage.Owner;
import io.gridata.pipeline.IngestLineage;
import io.gridata.pipeline.LineageIdentity;
import org.junit.jupiter.api.Test;

/** Where lineage belongs, from the options; refused before any Spark work when incomplete. */
class LineageOptionsTest {

  @Test
  void optionsOverrideTheCommandsDefaultsAndTheEnvironmentNamesTheCluster() {
    LineageOptions none = new LineageOptions();
    assertThat(none.identity(IngestLineage.DEFAULT_IDENTITY))
        .isEqualTo(IngestLineage.DEFAULT_IDENTITY);

    LineageOptions staging = new LineageOptions();
    staging.lineageEnv = Env.STG;
    staging.lineageOwner = "shop-data";
    assertThat(staging.identity(IngestLineage.DEFAULT_IDENTITY))
        .isEqualTo(
            new LineageIdentity(
                Env.STG, "stg", Owner.group("shop-data", Owner.Type.TECHNICAL_OWNER)));

    LineageOptions cluster = new LineageOptions();
    cluster.lineageEnv = Env.QA;
    cluster.lineageCluster = "qa-eu";
    LineageIdentity qa = cluster.identity(IngestLineage.DEFAULT_IDENTITY);
    assertThat(qa.cluster()).isEqualTo("qa-eu");
    assertThat(qa.owner()).isEqualTo(IngestLineage.DEFAULT_IDENTITY.owner());
  }

  @Test
  void anIdentityWithoutADestinationOrWithABlankPartIsAUsageError() {
    CliRun noSink =
        CliRun.of(
            "customer360", "--as-of", "2026-11-02", "--warehouse", "x", "--lineage-env", "STG");
    assertThat(noSink.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(noSink.err()).contains("give --lineage-file or --datahub-url too");

    CliRun blank =
        CliRun.of(
            "customer360",
            "--as-of",
            "2026-11-02",
            "--warehouse",
            "x",
            "--lineage-file",
            "lineage.json",
            "--lineage-cluster",
            " ");
    assertThat(blank.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(blank.err()).contains("--lineage-cluster is blank");

    CliRun unknown =
        CliRun.of(
            "customer360",
            "--as-of",
            "2026-11-02",
            "--warehouse",
            "x",
            "--lineage-file",
            "lineage.json",
            "--lineage-env",
            "STAGING");
    assertThat(unknown.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(unknown.err()).contains("--lineage-env").contains("STG");
  }
}
