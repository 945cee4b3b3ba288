package io.gridata.testkit.internal;

import io.gridata.testkit.Backend;
import io.gridata.testkit.CatalogEndpoint;
import io.gridata.testkit.LakehouseStack;
import io.gridata.testkit.RestCatalogServer;
import io.gridata.testkit.S3Endpoint;
import io.gridata.testkit.S3ProxyServer;
import java.nio.file.Path;

/** The Docker-free stack: s3proxy in a child JVM, Iceberg's REST catalog in this JVM. */
public final class LocalStack implements LakehouseStack {
  private final S3ProxyServer s3;
  private final RestCatalogServer catalog;

  private LocalStack(S3ProxyServer s3, RestCatalogServer catalog) {
    this.s3 = s3;
    this.catalog = catalog;
  }

  /** Starts both servers with their files under {@code dir}. */
  public static LocalStack start(Path dir) {
    S3ProxyServer s3 = new S3ProxyServer().withDataDirectory(dir.resolve("s3")).start();
    try {
      RestCatalogServer catalog =
          new RestCatalogServer(s3).withDirectory(dir.resolve("catalog")).start();
      return new LocalStack(s3, catalog);
    } catch (RuntimeException e) {
      s3.close();
      throw e;
    }
  }

  @Override
  public S3Endpoint s3() {
    return s3;
  }

  @Override
  public CatalogEndpoint catalog() {
    return catalog;
  }

  @Override
  public Backend backend() {
    return Backend.LOCAL;
  }

  @Override
  public void close() {
    try {
      catalog.close();
    } finally {
      s3.close();
    }
  }

  @Override
  public String toString() {
    return "LocalStack{s3=" + s3.endpoint() + ", catalog=" + catalog.uri() + "}";
  }
}
