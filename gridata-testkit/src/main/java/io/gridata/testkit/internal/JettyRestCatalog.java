package io.gridata.testkit.internal;

import io.gridata.testkit.CommitFault;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * Iceberg's own {@code RESTCatalogServlet} over a {@link FaultyCatalogAdapter} on Jetty 11, backed
 * by a {@link JdbcCatalog}, on a free loopback port.
 */
public final class JettyRestCatalog implements RestCatalogService {
  private final Server server;
  private final JdbcCatalog backing;
  private final FaultyCatalogAdapter adapter;
  private final int port;

  private JettyRestCatalog(
      Server server, JdbcCatalog backing, FaultyCatalogAdapter adapter, int port) {
    this.server = server;
    this.backing = backing;
    this.adapter = adapter;
    this.port = port;
  }

  /**
   * Opens a JDBC catalog with {@code properties} and serves it.
   *
   * @param properties the backing {@code JdbcCatalog}'s properties (URI, warehouse, FileIO)
   * @return the running server
   * @throws Exception when the catalog or Jetty cannot start
   */
  public static RestCatalogService start(Map<String, String> properties) throws Exception {
    // Registers the driver from this class's loader: DriverManager hands a caller only drivers its
    // own loader can see, and the service-loaded one may come from another (see UnshadedIceberg).
    Class.forName("org.sqlite.JDBC");
    // Log4j keeps a logger context per class loader: silenced from here, in the servlet's.
    QuietLogs.restCatalogServlet();
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.initialize("gridata-rest-backing", properties);
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.setClassLoader(JettyRestCatalog.class.getClassLoader());
    FaultyCatalogAdapter faulty = new FaultyCatalogAdapter(catalog);
    context.addServlet(new ServletHolder(new RESTCatalogServlet(faulty)), "/*");
    jetty.setHandler(context);
    jetty.setStopAtShutdown(true);
    try {
      jetty.start();
    } catch (Exception e) {
      catalog.close();
      throw e;
    }
    return new JettyRestCatalog(jetty, catalog, faulty, connector.getLocalPort());
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public void arm(String namespace, String table, String ref, String fault) {
    adapter.arm(
        TableIdentifier.of(Namespace.of(namespace), table), ref, CommitFault.valueOf(fault));
  }

  @Override
  public void hold(int index, Predicate<String> holder) {
    adapter.hold(index, holder);
  }

  @Override
  public boolean isArmed() {
    return adapter.isArmed();
  }

  @Override
  public void close() throws Exception {
    try {
      server.stop();
      server.join();
    } finally {
      backing.close();
    }
  }
}
