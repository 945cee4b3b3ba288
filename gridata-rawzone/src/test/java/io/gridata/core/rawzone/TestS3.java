package io.gridata.core.rawzone;

import io.gridata.testkit.S3Endpoint;
import io.gridata.testkit.S3ProxyServer;
import java.net.URI;

/**
 * The S3 server of this test JVM: the testkit's s3proxy child, started once on first use and shared
 * by every test class (each uses its own buckets), or, when {@code -Dgridata.it.s3.endpoint=URL}
 * (with {@code .access-key}/{@code .secret-key}) is given, an already running S3-compatible server.
 * The child stops with the JVM (shutdown hook, and the testkit's parent watchdog on a hard kill).
 */
public final class TestS3 implements AutoCloseable {
  private static TestS3 shared;

  private final S3Endpoint endpoint;

  private TestS3(S3Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** The shared server, started (or connected to) on first use. */
  public static synchronized TestS3 start() {
    if (shared == null) {
      shared = create();
    }
    return shared;
  }

  private static TestS3 create() {
    String external = System.getProperty("gridata.it.s3.endpoint");
    if (external != null && !external.isBlank()) {
      String key = System.getProperty("gridata.it.s3.access-key", "gridata");
      String secret = System.getProperty("gridata.it.s3.secret-key", "");
      return new TestS3(
          new S3Endpoint() {
            @Override
            public URI endpoint() {
              return URI.create(external);
            }

            @Override
            public String accessKey() {
              return key;
            }

            @Override
            public String secretKey() {
              return secret;
            }
          });
    }
    S3ProxyServer started =
        new S3ProxyServer().withStorage(S3ProxyServer.Storage.TRANSIENT).start();
    return new TestS3(started);
  }

  /** The endpoint. */
  public S3Endpoint s3() {
    return endpoint;
  }

  /** A no-op: the shared server lives as long as the JVM. */
  @Override
  public void close() {
    // shared by the test classes of this JVM; S3ProxyServer stops it at JVM exit
  }
}
