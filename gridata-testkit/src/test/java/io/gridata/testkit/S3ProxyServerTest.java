package io.gridata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ProxyServerTest {
  private static S3ProxyServer server;
  private static S3Client s3;

  @BeforeAll
  static void start(@TempDir Path dir) {
    server = new S3ProxyServer().withDataDirectory(dir).start();
    server.createBucket("raw");
    s3 = server.newClient();
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
    server.close();
  }

  @Test
  void putGetAndListObjectsOverHttp() {
    s3.putObject(
        b -> b.bucket("raw").key("raw/ecommerce/orders/2026-11-01/a.csv"),
        RequestBody.fromString("order_id\n1\n"));
    s3.putObject(
        b -> b.bucket("raw").key("raw/ecommerce/orders/2026-11-01/b.csv"),
        RequestBody.fromString("order_id\n2\n"));
    s3.putObject(
        b -> b.bucket("raw").key("raw/ecommerce/orders/2026-11-02/c.csv"),
        RequestBody.fromString("order_id\n3\n"));

    List<String> day =
        s3
            .listObjectsV2(b -> b.bucket("raw").prefix("raw/ecommerce/orders/2026-11-01/"))
            .contents()
            .stream()
            .map(S3Object::key)
            .toList();
    ResponseBytes<GetObjectResponse> body =
        s3.getObjectAsBytes(b -> b.bucket("raw").key("raw/ecommerce/orders/2026-11-02/c.csv"));

    assertThat(day)
        .containsExactly(
            "raw/ecommerce/orders/2026-11-01/a.csv", "raw/ecommerce/orders/2026-11-01/b.csv");
    assertThat(body.asString(StandardCharsets.UTF_8)).isEqualTo("order_id\n3\n");
  }

  @Test
  void multipartUploadReassemblesParts() {
    byte[] part1 = randomBytes(5 * 1024 * 1024, 1);
    byte[] part2 = randomBytes(1024 * 1024, 2);
    String key = "big/object.bin";
    String uploadId = s3.createMultipartUpload(b -> b.bucket("raw").key(key)).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    byte[][] chunks = {part1, part2};
    for (int i = 0; i < chunks.length; i++) {
      int partNumber = i + 1;
      String etag =
          s3.uploadPart(
                  b -> b.bucket("raw").key(key).uploadId(uploadId).partNumber(partNumber),
                  RequestBody.fromBytes(chunks[i]))
              .eTag();
      parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
    }
    s3.completeMultipartUpload(
        b -> b.bucket("raw").key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));

    byte[] read = s3.getObjectAsBytes(b -> b.bucket("raw").key(key)).asByteArray();

    assertThat(read).hasSize(part1.length + part2.length);
    assertThat(java.util.Arrays.copyOfRange(read, 0, part1.length)).isEqualTo(part1);
    assertThat(java.util.Arrays.copyOfRange(read, part1.length, read.length)).isEqualTo(part2);
  }

  @Test
  void deleteObjectsRemovesEveryNamedKey() {
    for (String key : List.of("del/1", "del/2", "del/3")) {
      s3.putObject(b -> b.bucket("raw").key(key), RequestBody.fromString(key));
    }

    s3.deleteObjects(
        b ->
            b.bucket("raw")
                .delete(
                    d ->
                        d.objects(
                            ObjectIdentifier.builder().key("del/1").build(),
                            ObjectIdentifier.builder().key("del/2").build())));

    assertThat(s3.listObjectsV2(b -> b.bucket("raw").prefix("del/")).contents())
        .extracting(S3Object::key)
        .containsExactly("del/3");
    assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("raw").key("del/1")))
        .isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void wrongSecretIsRefusedBecauseRequestsAreSigned() {
    S3Endpoint impostor =
        new S3Endpoint() {
          @Override
          public java.net.URI endpoint() {
            return server.endpoint();
          }

          @Override
          public String accessKey() {
            return server.accessKey();
          }

          @Override
          public String secretKey() {
            return "not-the-secret";
          }
        };
    try (S3Client client = impostor.newClient()) {
      assertThatThrownBy(() -> client.listObjectsV2(b -> b.bucket("raw")))
          .isInstanceOf(S3Exception.class)
          .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
    }
  }

  @Test
  void missingJarIsAClearError(@TempDir Path dir) {
    S3ProxyServer broken =
        new S3ProxyServer().withDataDirectory(dir).withJar(dir.resolve("nope.jar"));

    assertThatThrownBy(broken::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("s3proxy jar not found")
        .hasMessageContaining(S3ProxyServer.JAR_PROPERTY)
        .hasMessageContaining(S3ProxyServer.coordinates());
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
