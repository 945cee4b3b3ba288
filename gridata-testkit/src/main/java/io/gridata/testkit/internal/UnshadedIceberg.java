package io.gridata.testkit.internal;

import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the REST catalog server's classes come from. Iceberg's {@code RESTCatalogServlet} and
 * {@code RESTCatalogAdapter} ship in {@code iceberg-core}'s {@code tests} jar, compiled against
 * plain Jackson ({@code RESTObjectMapper.mapper()} returns {@code
 * com.fasterxml.jackson.databind.ObjectMapper}). An application on {@code iceberg-spark-runtime}
 * gets Iceberg's core classes from the runtime jar, which relocates Jackson, so the servlet fails
 * there with {@code NoSuchMethodError: RESTObjectMapper.mapper()}. Then the server runs in its own
 * class loader over the unshaded {@code iceberg-core} (and Jetty, SQLite, {@code iceberg-aws} and
 * the AWS SDK) resolved through Maven, sharing only the JDK, logging and {@link RestCatalogService}
 * with the test's class path; otherwise it runs on the test's class path.
 */
public final class UnshadedIceberg {
  private static final String MAPPER_OWNER = "org.apache.iceberg.rest.RESTObjectMapper";
  private static ClassLoader isolated;

  private UnshadedIceberg() {}

  /**
   * Starts the REST catalog over a JDBC catalog with {@code properties}, in a class loader of its
   * own when the test's class path holds a relocating Iceberg runtime.
   *
   * @throws Exception when the catalog or its server cannot start
   */
  public static RestCatalogService startRestCatalog(Map<String, String> properties)
      throws Exception {
    return onClassPath() ? JettyRestCatalog.start(properties) : startIsolated(properties);
  }

  /** Starts the REST catalog in its own class loader over Maven-resolved unshaded Iceberg. */
  static RestCatalogService startIsolated(Map<String, String> properties) throws Exception {
    // Iceberg loads FileIO and other plug-ins through the context class loader; Jetty's threads,
    // started here, inherit it.
    ClassLoader loader = isolatedLoader();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return (RestCatalogService)
          Class.forName(JettyRestCatalog.class.getName(), true, loader)
              .getMethod("start", Map.class)
              .invoke(null, properties);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** True when the class path's Iceberg core uses plain Jackson (not a relocating runtime jar). */
  static boolean onClassPath() {
    try {
      Class<?> mapper = Class.forName(MAPPER_OWNER, false, UnshadedIceberg.class.getClassLoader());
      return mapper
          .getDeclaredMethod("mapper")
          .getReturnType()
          .getName()
          .equals("com.fasterxml.jackson.databind.ObjectMapper");
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw new IllegalStateException(
          "Cannot start the REST catalog: no usable org.apache.iceberg:iceberg-core on the class"
              + " path ("
              + e
              + "); add iceberg-spark-4.1_2.13 or iceberg-spark-runtime-4.1_2.13",
          e);
    }
  }

  private static synchronized ClassLoader isolatedLoader() {
    if (isolated == null) {
      List<URL> urls = new ArrayList<>();
      try {
        urls.add(UnshadedIceberg.class.getProtectionDomain().getCodeSource().getLocation());
        for (Path jar : MavenArtifacts.fromEnvironment().resolveWithDependencies(roots())) {
          urls.add(jar.toUri().toURL());
        }
      } catch (MalformedURLException e) {
        throw new IllegalStateException("Cannot build the REST catalog's class path: " + e, e);
      }
      isolated = new URLClassLoader("gridata-rest-catalog", urls.toArray(URL[]::new), new Shared());
    }
    return isolated;
  }

  private static List<String> roots() {
    String iceberg = Versions.iceberg();
    String aws = Versions.awsSdk();
    return List.of(
        "org.apache.iceberg:iceberg-core:" + iceberg,
        "org.apache.iceberg:iceberg-core:jar:tests:" + iceberg,
        "org.apache.iceberg:iceberg-aws:" + iceberg,
        "software.amazon.awssdk:s3:" + aws,
        "software.amazon.awssdk:sts:" + aws,
        "software.amazon.awssdk:kms:" + aws,
        "software.amazon.awssdk:url-connection-client:" + aws,
        "software.amazon.awssdk:apache-client:" + aws,
        "org.eclipse.jetty:jetty-servlet:" + Versions.jetty(),
        "org.xerial:sqlite-jdbc:" + Versions.sqliteJdbc());
  }

  /**
   * The isolated loader's parent: the JDK, plus from the test's class path only SLF4J and Log4j (so
   * the server logs through the application's backend) and the interface the server is driven by.
   */
  private static final class Shared extends ClassLoader {
    private static final ClassLoader TEST = UnshadedIceberg.class.getClassLoader();

    Shared() {
      super("gridata-rest-catalog-shared", ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("org.slf4j.")
          || name.startsWith("org.apache.logging.log4j.")
          || name.equals(RestCatalogService.class.getName())) {
        return TEST.loadClass(name);
      }
      return super.loadClass(name, resolve);
    }
  }
}
