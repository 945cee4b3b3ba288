package io.gridata.testkit.junit;

import io.gridata.testkit.Backend;
import io.gridata.testkit.CatalogEndpoint;
import io.gridata.testkit.LakehouseStack;
import io.gridata.testkit.S3Endpoint;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * JUnit 5 extension behind {@link LakehouseTest}. Stacks live in JUnit's extension store, so JUnit
 * closes them (servers, child JVMs, threads) when their scope ends: the class for {@link
 * LakehouseTest.Scope#CLASS}, the whole run for {@link LakehouseTest.Scope#JVM}.
 */
public final class LakehouseExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LakehouseExtension.class);
  private static final String SPARK_SESSION = "org.apache.spark.sql.SparkSession";
  // by name, like SparkSession: the broker's Admin client is loaded only when a test asks for it
  private static final String KAFKA_BROKER = "io.gridata.testkit.KafkaBroker";
  private static final String KAFKA_ENDPOINT = "io.gridata.testkit.KafkaEndpoint";
  private static final Set<Class<?>> STACK_TYPES =
      Set.of(LakehouseStack.class, S3Endpoint.class, CatalogEndpoint.class, S3Client.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    LakehouseTest settings = settings(context);
    if (settings.backend() == Backend.CONTAINERS) {
      Assumptions.assumeTrue(
          LakehouseStack.dockerAvailable(),
          "Skipped: this test asks for the container stack and no Docker engine answers");
    }
    stack(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return STACK_TYPES.contains(type)
        || type.getName().equals(SPARK_SESSION)
        || type.getName().equals(KAFKA_BROKER)
        || type.getName().equals(KAFKA_ENDPOINT);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type.getName().equals(KAFKA_BROKER)) {
      return io.gridata.testkit.KafkaBroker.shared();
    }
    StackHandle handle = stack(context);
    if (type.getName().equals(KAFKA_ENDPOINT)) {
      return handle.stack().kafka();
    }
    if (type == LakehouseStack.class) {
      return handle.stack();
    }
    if (type == S3Endpoint.class) {
      return handle.stack().s3();
    }
    if (type == CatalogEndpoint.class) {
      return handle.stack().catalog();
    }
    if (type == S3Client.class) {
      S3Client client = handle.stack().s3().newClient();
      context.getStore(NAMESPACE).put(new Object(), (AutoCloseable) client::close);
      return client;
    }
    if (type.getName().equals(SPARK_SESSION)) {
      return handle.spark(settings(context).catalogName(), context.getRoot().getStore(NAMESPACE));
    }
    throw new ParameterResolutionException(
        "Cannot inject " + type.getName() + ": not a stack part");
  }

  private static StackHandle stack(ExtensionContext context) {
    LakehouseTest settings = settings(context);
    ExtensionContext owner =
        settings.scope() == LakehouseTest.Scope.JVM ? context.getRoot() : classContext(context);
    String key = "stack/" + settings.scope() + "/" + settings.backend() + "/" + owner.getUniqueId();
    return owner
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            key, k -> new StackHandle(LakehouseStack.start(settings.backend())), StackHandle.class);
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  private static LakehouseTest settings(ExtensionContext context) {
    return context
        .getTestClass()
        .flatMap(c -> AnnotationSupport.findAnnotation(c, LakehouseTest.class))
        .orElseThrow(
            () ->
                new ParameterResolutionException(
                    "Cannot resolve lakehouse parameters: annotate the test class with @LakehouseTest"));
  }
}
