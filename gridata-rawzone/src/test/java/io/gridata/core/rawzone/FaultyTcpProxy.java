package io.gridata.core.rawzone;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a real server that spoils the first N connections, either answering
 * {@code HTTP/1.1 503} or resetting the connection, then pipes bytes unchanged (so SigV4 signatures
 * over the Host header stay valid).
 */
final class FaultyTcpProxy implements AutoCloseable {
  enum Fault {
    SERVICE_UNAVAILABLE,
    RESET
  }

  private final ServerSocket server;
  private final URI target;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile int faultsLeft;
  private volatile Fault fault = Fault.SERVICE_UNAVAILABLE;
  private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

  FaultyTcpProxy(URI target) throws IOException {
    this.target = target;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    pool.submit(this::acceptLoop);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** The next {@code count} connections fail with {@code kind}. */
  void failNext(int count, Fault kind) {
    this.fault = kind;
    this.faultsLeft = count;
    // Kept-alive connections would bypass the faults: drop them so the client reconnects.
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
  }

  int connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        connections.incrementAndGet();
        pool.submit(() -> handle(client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private synchronized boolean takeFault() {
    if (faultsLeft > 0) {
      faultsLeft--;
      return true;
    }
    return false;
  }

  private void handle(Socket client) {
    try {
      if (takeFault()) {
        if (fault == Fault.RESET) {
          client.setSoLinger(true, 0);
          client.close();
          return;
        }
        client.getInputStream().read(new byte[8192]);
        OutputStream out = client.getOutputStream();
        String body =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>ServiceUnavailable</Code>"
                + "<Message>injected</Message></Error>";
        out.write(
            ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/xml\r\n"
                    + "Content-Length: "
                    + body.length()
                    + "\r\nConnection: close\r\n\r\n"
                    + body)
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        client.close();
        return;
      }
      Socket upstream = new Socket(target.getHost(), target.getPort());
      open.add(client);
      open.add(upstream);
      pool.submit(() -> pipe(upstream, client));
      pipe(client, upstream);
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  private static void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException closed) {
      // either side went away
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    pool.shutdownNow();
  }
}
