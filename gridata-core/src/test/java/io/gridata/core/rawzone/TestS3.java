package io.gridata.core.rawzone;

import io.gridata.testkit.S3Endpoint;
import io.gridata.testkit.S3ProxyServer;
import java.net.URI;

/**
 * The S3 server for a test class: the testkit's s3proxy child, or, when {@code
 * -Dgridata.it.s3.endpoint=URL} (with {@code .access-key}/{@code .secret-key}) is given, an already
 * running S3-compatible server (useful on an overloaded machine where the child is slow to start).
 */
public final class TestS3 implements AutoCloseable {
  private final S3ProxyServer server;
  private final S3Endpoint endpoint;

  private TestS3(S3ProxyServer server, S3Endpoint endpoint) {
    this.server = server;
    this.endpoint = endpoint;
  }

  /** Starts (or connects to) the server. */
  public static TestS3 start() {
    String external = System.getProperty("gridata.it.s3.endpoint");
    if (external != null && !external.isBlank()) {
      String key = System.getProperty("gridata.it.s3.access-key", "gridata");
      String secret = System.getProperty("gridata.it.s3.secret-key", "");
      return new TestS3(
          null,
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
    return new TestS3(started, started);
  }

  /** The endpoint. */
  public S3Endpoint s3() {
    return endpoint;
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
