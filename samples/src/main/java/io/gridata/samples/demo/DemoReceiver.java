package io.gridata.samples.demo;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The demo's stand-in for downstream consumers and an alerting webhook: an HTTP server on the
 * loopback interface (the JDK's {@code com.sun.net.httpserver}) that answers 204 and prints every
 * request it gets, with the trigger signature header when there is one.
 */
public final class DemoReceiver implements AutoCloseable {
  private final HttpServer server;
  private final PrintWriter out;

  private DemoReceiver(HttpServer server, PrintWriter out) {
    this.server = server;
    this.out = out;
  }

  /** Starts a receiver on a free loopback port, printing to {@code out}. */
  public static DemoReceiver start(PrintWriter out) throws IOException {
    requireNonNull(out, "out is null");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    DemoReceiver receiver = new DemoReceiver(server, out);
    server.createContext(
        "/",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            String signature =
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Gridata-Signature"))
                    .map(s -> " [" + s.substring(0, Math.min(s.length(), 19)) + "...]")
                    .orElse("");
            receiver.record(
                String.format(
                    "    receiver got %s %s%s: %s",
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    signature,
                    text.length() > 300 ? text.substring(0, 300) + "..." : text));
            exchange.sendResponseHeaders(204, -1);
          } finally {
            exchange.close();
          }
        });
    server.start();
    return receiver;
  }

  /** {@code http://127.0.0.1:<port>/<path>}. */
  public URI url(String path) {
    InetSocketAddress address = server.getAddress();
    return URI.create(
        "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/" + path);
  }

  private synchronized void record(String line) {
    out.println(line);
    out.flush();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
