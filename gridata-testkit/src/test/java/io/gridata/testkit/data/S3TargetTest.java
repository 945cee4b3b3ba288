package io.gridata.testkit.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.testkit.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Writes a drop to a real S3 server (s3proxy in a child JVM) and lists it back. */
class S3TargetTest {
  private static S3ProxyServer s3;
  private static S3Client client;

  @BeforeAll
  static void startS3() {
    s3 = new S3ProxyServer().start();
    s3.createBucket("landing");
    client = s3.newClient();
  }

  @AfterAll
  static void stopS3() {
    if (client != null) {
      client.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void dropWrittenToS3ListsExactlyTheManifestFilesSidecarsAndManifest() {
    RawDataGenerator generator = RawDataGenerator.withSeed(5).withCustomerPool(10);
    DropPlan plan =
        DropPlan.builder(LocalDate.of(2026, 11, 3))
            .dropId("s3-drop")
            .days(2)
            .ordersFilesPerDay(3)
            .ordersRowsPerFile(30)
            .clickstreamEventsPerDay(50)
            .rowDefect(RowDefect.DUPLICATE_ORDER_ID, 2)
            .fileDefect(FileDefect.EMPTY_FILE, 1)
            .fileDefect(FileDefect.CORRUPT_PARQUET, 1)
            .build();
    RawTarget target = RawTarget.s3(client, "landing");
    DropManifest drop = generator.writeDrop(target, plan);

    List<String> expectedKeys = new ArrayList<>();
    for (FileManifest f : drop.files()) {
      expectedKeys.add(f.key());
      expectedKeys.add(f.sidecarKey());
    }
    expectedKeys.add("manifests/ecommerce/s3-drop.json");
    List<S3Object> listed =
        client.listObjectsV2Paginator(b -> b.bucket("landing")).contents().stream().toList();
    assertThat(listed).extracting(S3Object::key).containsExactlyInAnyOrderElementsOf(expectedKeys);
    assertThat(drop.files()).hasSize(1 + 6 + 2);
    assertThat(
            client
                .listObjectsV2(b -> b.bucket("landing").prefix("raw/ecommerce/orders/2026-11-04/"))
                .contents())
        .extracting(S3Object::key)
        .contains("raw/ecommerce/orders/2026-11-04/orders-20261104-003.parquet");

    for (FileManifest f : drop.files()) {
      byte[] content = client.getObjectAsBytes(b -> b.bucket("landing").key(f.key())).asByteArray();
      assertThat(RawDataGenerator.sha256(content))
          .as(f.key())
          .isEqualTo(java.util.HexFormat.of().parseHex(f.sha256()));
      S3Object object =
          listed.stream().filter(o -> o.key().equals(f.key())).findFirst().orElseThrow();
      assertThat(object.size()).isEqualTo(content.length);
      if (f.fileDefect() == FileDefect.EMPTY_FILE) {
        assertThat(object.size()).isZero();
      }
      String sidecar =
          client.getObjectAsBytes(b -> b.bucket("landing").key(f.sidecarKey())).asUtf8String();
      assertThat(sidecar).isEqualTo(f.sha256() + "  " + f.fileName() + "\n");
    }
    String manifestJson =
        client
            .getObjectAsBytes(b -> b.bucket("landing").key(drop.key()))
            .asString(StandardCharsets.UTF_8);
    assertThat(DropManifest.fromJson(manifestJson)).isEqualTo(drop);
    assertThat(target.location(drop.key()))
        .isEqualTo("s3://landing/manifests/ecommerce/s3-drop.json");
  }
}
