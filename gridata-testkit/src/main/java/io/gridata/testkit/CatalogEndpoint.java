package io.gridata.testkit;

import java.net.URI;
import java.util.Map;
import org.apache.iceberg.rest.RESTCatalog;

/** A running Iceberg REST catalog whose warehouse lives in an {@link S3Endpoint}. */
public interface CatalogEndpoint {

  /** Base URI of the REST API (the client's {@code uri} property). */
  URI uri();

  /** Warehouse location, for example {@code s3://warehouse/}. */
  String warehouse();

  /**
   * Properties an Iceberg REST client needs: {@code uri} plus the {@code S3FileIO} settings that
   * reach the warehouse from this JVM.
   */
  Map<String, String> clientProperties();

  /** A new Java API client of this catalog named {@code name}; the caller closes it. */
  default RESTCatalog newClient(String name) {
    RESTCatalog catalog = new RESTCatalog();
    catalog.initialize(name, clientProperties());
    return catalog;
  }
}
