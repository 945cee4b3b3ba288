package io.gridata.testkit;

/** Which implementation of the lakehouse stack to start. */
public enum Backend {
  /** Testcontainers when a Docker engine answers, the local stack otherwise. */
  AUTO,
  /** s3proxy in a child JVM and Iceberg's REST catalog in this JVM: no Docker needed. */
  LOCAL,
  /** MinIO and {@code apache/iceberg-rest-fixture} containers: needs a Docker engine. */
  CONTAINERS
}
