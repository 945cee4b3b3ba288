package io.gridata.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.testkit.Backend;
import io.gridata.testkit.LakehouseStack;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs the benchmark end to end against the testkit's S3 server: small by default; larger with
 * {@code -Dgridata.bench.files=8 -Dgridata.bench.mb=16}.
 */
class RawZoneBenchmarkTest {

  @Test
  void measuresTheRawZoneNextToTheAwsSdkOnTheSameEndpoint() {
    int files = Integer.getInteger("gridata.bench.files", 2);
    int mb = Integer.getInteger("gridata.bench.mb", 1);
    try (LakehouseStack stack = LakehouseStack.start(Backend.LOCAL)) {
      var s3 = stack.s3();
      RawZoneBenchmark.Result result =
          RawZoneBenchmark.run(
              new RawZoneBenchmark.Options(
                  Optional.of(s3.endpoint()),
                  Optional.of(s3.accessKey()),
                  Optional.of(s3.secretKey()),
                  "bench",
                  files,
                  mb,
                  2));

      System.out.print(result.format());
      assertThat(result.rawZone().writeMbPerSecond()).isPositive();
      assertThat(result.awsSdk().readMbPerSecond()).isPositive();
      assertThat(result.perFile().sdkPut()).isPositive();
      assertThat(result.perFile().head()).isPositive();
      assertThat(result.perFile().readAndHash()).isPositive();
      assertThat(result.perFile().sidecarPut()).isPositive();
      assertThat(result.format())
          .contains("median of 2 rounds")
          .contains("ratio")
          .contains("landing adds in line the read with SHA-256")
          .contains("beside them HEAD");
    }
  }
}
