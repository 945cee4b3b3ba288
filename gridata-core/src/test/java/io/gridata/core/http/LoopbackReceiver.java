package io.gridata.core.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback (the JDK's) for tests of what Gridata POSTs: it keeps every
 * request and answers {@link #failWith} to the next {@link #failNext} requests, then {@code ok}.
 */
public final class LoopbackReceiver implements AutoCloseable {
  /** One request as received. */
  public record Request(String path, byte[] body, String header) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int failWith = 503;

  /**
   * Starts a receiver answering {@code ok} to successful requests and recording the value of {@code
   * header} (null when absent).
   */
  public LoopbackReceiver(int ok, String header) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          requests.add(
              new Request(
                  exchange.getRequestURI().getPath(),
                  body,
                  header == null ? null : exchange.getRequestHeaders().getFirst(header)));
          int status = failuresLeft.getAndDecrement() > 0 ? failWith : ok;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  /** The URL of {@code path} on this receiver. */
  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** Answers {@code status} to the next {@code count} requests. */
  public void failNext(int count, int status) {
    failWith = status;
    failuresLeft.set(count);
  }

  /** Every request so far, in arrival order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
