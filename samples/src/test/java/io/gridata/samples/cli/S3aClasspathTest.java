package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.rawzone.RawZoneConfig;
import io.gridata.spark.config.RawZoneS3a;
import io.gridata.testkit.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.VersionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The CLI's class path reads an S3 raw zone the way Spark does, through Hadoop's S3A connector,
 * configured by {@link RawZoneS3a} from the zone's settings alone. On Spark 4 that is hadoop-aws on
 * Spark's shaded Hadoop client jars with the individual AWS SDK v2 modules instead of the SDK v2
 * bundle; on Spark 3.5 (Hadoop 3.3.4) S3A is built on the AWS SDK v1 and comes with the SDK v1
 * bundle hadoop-aws 3.3.4 depends on. Without static keys, S3A finds credentials where the SDK's
 * default chain does; each source is tried in a JVM of its own ({@link S3aReadChild}) whose only
 * credentials are the ones under test, with the instance metadata service off (loopback only). No
 * Spark here: the Spark round trip is the integration tier's {@code S3IngestCommandTest}.
 */
class S3aClasspathTest {
  private static final String BUCKET = "s3a-landing";
  private static final String DAY = "raw/ecommerce/orders/2026-11-05";
  private static final String CSV = "order_id,customer_id\nO-1,C-1\n";

  /** S3A is built on the AWS SDK v1 up to Hadoop 3.3 (Spark 3.5), on the SDK v2 from Hadoop 3.4. */
  private static final boolean S3A_ON_SDK_V1 = VersionInfo.getVersion().startsWith("3.3.");

  private static S3ProxyServer s3;

  @BeforeAll
  static void startS3() {
    s3 = new S3ProxyServer().withStorage(S3ProxyServer.Storage.TRANSIENT).start();
    s3.createBucket(BUCKET);
    try (S3Client client = s3.newClient()) {
      client.putObject(
          b -> b.bucket(BUCKET).key(DAY + "/orders-1.csv"), RequestBody.fromString(CSV));
    }
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  private static RawZoneConfig.Builder zone() {
    return RawZoneConfig.builder("s3://" + BUCKET).endpoint(s3.endpoint()).pathStyleAccess(true);
  }

  /**
   * Lists the day and reads its file through a new S3A instance (no cache) set up for {@code zone}.
   */
  private static void assertS3aReadsTheDay(RawZoneConfig zone) throws IOException {
    Configuration conf = new Configuration();
    RawZoneS3a.hadoopConf(zone).forEach(conf::set);
    try (FileSystem fs = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), conf)) {
      FileStatus[] day = fs.listStatus(new Path("s3a://" + BUCKET + "/" + DAY));
      assertThat(day).extracting(f -> f.getPath().getName()).containsExactly("orders-1.csv");
      try (InputStream in = fs.open(day[0].getPath())) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(CSV);
      }
    }
  }

  @Test
  void s3aListsAndReadsTheZonesBucketWithTheSdkModulesAlone() throws IOException {
    RawZoneConfig withKeys = zone().credentials(s3.accessKey(), s3.secretKey()).build();

    assertS3aReadsTheDay(withKeys);
    RawZoneS3a.requireS3a(withKeys);
  }

  @Test
  void withoutStaticKeysS3aFindsThemInTheEnvironment(@TempDir java.nio.file.Path home)
      throws Exception {
    ChildRead read =
        readInAJvmOfItsOwn(
            home,
            Map.of(),
            Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey()));

    assertThat(read.exitCode()).as(read.output()).isZero();
    assertThat(read.output()).contains("read orders-1.csv: " + CSV);
  }

  @Test
  void withoutStaticKeysS3aFindsThemInSystemPropertiesUnderTheNamesOfItsSdk(
      @TempDir java.nio.file.Path home) throws Exception {
    // The secret key's system property: aws.secretKey to the SDK v1 (S3A on Spark 3.5),
    // aws.secretAccessKey to the SDK v2 (S3A on Spark 4, and the raw zone's own client on both)
    String ownName = S3A_ON_SDK_V1 ? "aws.secretKey" : "aws.secretAccessKey";
    String otherName = S3A_ON_SDK_V1 ? "aws.secretAccessKey" : "aws.secretKey";

    ChildRead own =
        readInAJvmOfItsOwn(
            home, Map.of("aws.accessKeyId", s3.accessKey(), ownName, s3.secretKey()), Map.of());
    ChildRead other =
        readInAJvmOfItsOwn(
            home, Map.of("aws.accessKeyId", s3.accessKey(), otherName, s3.secretKey()), Map.of());

    assertThat(own.exitCode()).as(own.output()).isZero();
    assertThat(own.output()).contains("read orders-1.csv: " + CSV);
    assertThat(other.exitCode()).as(other.output()).isEqualTo(1);
    assertThat(other.output()).contains("No AWS Credentials provided by");
  }

  @Test
  void withoutStaticKeysS3aFindsThemInTheSharedProfileFileWhenNoWebIdentityIsConfigured(
      @TempDir java.nio.file.Path home) throws Exception {
    // <home>/.aws/credentials: the SDK v1 looks under user.home, the SDK v2 under $HOME
    java.nio.file.Path credentials = home.resolve(".aws").resolve("credentials");
    Files.createDirectories(credentials.getParent());
    Files.writeString(
        credentials,
        "[default]\naws_access_key_id = "
            + s3.accessKey()
            + "\naws_secret_access_key = "
            + s3.secretKey()
            + "\n");

    ChildRead read = readInAJvmOfItsOwn(home, Map.of(), Map.of());

    assertThat(read.exitCode()).as(read.output()).isZero();
    assertThat(read.output()).contains("read orders-1.csv: " + CSV);
  }

  @Test
  void theSdkV2BundleIsNotOnTheClassPath() {
    // the SDK v2 bundle's relocated Apache HTTP client: S3A on the SDK v2 uses it only where it
    // catches its absence
    assertThatThrownBy(
            () ->
                Class.forName(
                    "software.amazon.awssdk.thirdparty.org.apache.http.client.utils.URIBuilder"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  private record ChildRead(int exitCode, String output) {}

  /**
   * Runs {@link S3aReadChild} on the day in a new JVM with {@code properties} as system properties
   * and {@code environment} as the only AWS environment variables, {@code home} as both {@code
   * user.home} and {@code HOME} (where the SDKs look for profile files) and the instance metadata
   * service off.
   */
  private static ChildRead readInAJvmOfItsOwn(
      java.nio.file.Path home, Map<String, String> properties, Map<String, String> environment)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-Duser.home=" + home);
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(S3aReadChild.class.getName());
    command.add(s3.endpoint().toString());
    command.add(BUCKET);
    command.add(DAY);
    java.nio.file.Path log = home.resolve("child.log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
    builder.environment().put("HOME", home.toString());
    builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    builder.environment().putAll(environment);
    Process child = builder.start();
    try {
      if (!child.waitFor(2, TimeUnit.MINUTES)) {
        throw new IllegalStateException("S3A reader still running after 2 min: " + log);
      }
      return new ChildRead(child.exitValue(), Files.readString(log));
    } finally {
      child.destroyForcibly();
    }
  }
}
