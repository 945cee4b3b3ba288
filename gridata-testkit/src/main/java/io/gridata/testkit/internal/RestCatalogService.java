package io.gridata.testkit.internal;

import java.util.function.Predicate;

/**
 * A running REST catalog server as {@code RestCatalogServer} drives it. Only JDK types cross this
 * interface, so the server may live in another class loader (see {@link UnshadedIceberg}).
 */
public interface RestCatalogService extends AutoCloseable {
  /** The loopback port the catalog answers on. */
  int port();

  /**
   * Arms a one-shot fault for the next commit of {@code namespace.table} that moves {@code ref}.
   *
   * @param fault the name of a {@code CommitFault}
   */
  void arm(String namespace, String table, String ref, String fault);

  /**
   * Holds the {@code index}-th catalog write from now on: {@code holder} gets the request's
   * description, blocks, and answers whether to apply it.
   */
  void hold(int index, Predicate<String> holder);

  /** True while an armed fault has not fired. */
  boolean isArmed();

  /** Stops the server and closes its backing catalog. */
  @Override
  void close() throws Exception;
}
