package io.gridata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.testkit.junit.LakehouseTest;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.Test;

/**
 * The container backend (MinIO + iceberg-rest-fixture). Skipped when no Docker engine answers; the
 * same behaviour is covered on the local stack by {@link IcebergOnStackTest} and {@link
 * S3ProxyServerTest}.
 */
@LakehouseTest(backend = Backend.CONTAINERS, scope = LakehouseTest.Scope.CLASS)
class ContainerStackTest {

  @Test
  void containerCatalogCreatesNamespacesAndWarehouseLivesInMinio(LakehouseStack stack)
      throws Exception {
    assertThat(stack.backend()).isEqualTo(Backend.CONTAINERS);
    try (RESTCatalog client = stack.catalog().newClient("containers")) {
      client.createNamespace(Namespace.of("docker"));
      assertThat(client.listNamespaces()).contains(Namespace.of("docker"));
    }
    stack.s3().createBucket("raw");
    try (var s3 = stack.s3().newClient()) {
      assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("warehouse", "raw");
    }
  }
}
