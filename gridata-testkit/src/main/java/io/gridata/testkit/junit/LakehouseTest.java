package io.gridata.testkit.junit;

import io.gridata.testkit.Backend;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a lakehouse stack (S3 endpoint + Iceberg REST catalog) and injects its
 * parts into test constructors, lifecycle methods and test methods: {@link
 * io.gridata.testkit.LakehouseStack}, {@link io.gridata.testkit.S3Endpoint}, {@link
 * io.gridata.testkit.CatalogEndpoint}, {@code software.amazon.awssdk.services.s3.S3Client} (closed
 * after the test) and {@code org.apache.spark.sql.SparkSession} (catalog {@link #catalogName()}
 * wired to the stack), {@link io.gridata.testkit.KafkaBroker} (one broker per test JVM, started
 * when first asked for) and {@link io.gridata.testkit.KafkaEndpoint} (the stack's Kafka: that
 * broker on the local backend, a Kafka container on the container backend); Kafka needs {@code
 * kafka-clients} on the test class path.
 *
 * <pre>{@code
 * @LakehouseTest
 * class OrdersTableTest {
 *   @Test
 *   void writesIceberg(SparkSession spark) {
 *     spark.sql("CREATE TABLE gridata.db.t (id bigint) USING iceberg");
 *   }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LakehouseExtension.class)
public @interface LakehouseTest {

  /** How long one stack lives. */
  enum Scope {
    /** One stack for every test class of the JVM that asks for the same backend (fastest). */
    JVM,
    /** A fresh stack for this test class, closed after its last test. */
    CLASS
  }

  /** Stack lifetime; {@link Scope#JVM} by default. */
  Scope scope() default Scope.JVM;

  /**
   * Backend; {@link Backend#AUTO} picks containers when Docker answers. A class that asks for
   * {@link Backend#CONTAINERS} is skipped (not failed) when no Docker engine answers.
   */
  Backend backend() default Backend.AUTO;

  /** Name of the Spark catalog wired to the stack's REST catalog. */
  String catalogName() default "gridata";
}
