package io.gridata.lineage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * Stands in for DataHub GMS (which cannot run here): a JDK HTTP server that records every request
 * and answers with scripted statuses, 200 once the script is used up.
 */
final class FakeGms implements AutoCloseable {
  /** One recorded request. */
  record Request(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  /** A scripted answer: status, body and a delay before answering. */
  record Answer(int status, String body, long delayMillis) {}

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
  private final LinkedBlockingDeque<Answer> script = new LinkedBlockingDeque<>();

  FakeGms() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void answer(int status, String body) {
    script.add(new Answer(status, body, 0));
  }

  void answerLate(long delayMillis) {
    script.add(new Answer(200, "{}", delayMillis));
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              exchange.getRequestURI().getQuery(),
              Map.copyOf(exchange.getRequestHeaders()),
              body));
      Answer answer = script.poll();
      if (answer == null) {
        answer = new Answer(200, "{\"value\":\"ok\"}", 0);
      }
      if (answer.delayMillis() > 0) {
        try {
          Thread.sleep(answer.delayMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), out.length);
      exchange.getResponseBody().write(out);
    } catch (IOException e) {
      // the client gave up (timeout test): nothing to answer
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
