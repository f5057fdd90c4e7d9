package dev.pledge.server.images.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local HTTP stand-in for a hosted model: answers each path from a script of responses (the last
 * one repeats) and keeps every request it received, to be checked by the test. Public for the tests
 * that run hosted edits through the whole studio.
 */
public final class StandIn implements AutoCloseable {

  public record Received(
      String method, String path, Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  public record Answer(int status, Map<String, String> headers, byte[] body, long delayMillis) {
    public static Answer json(int status, String json) {
      return new Answer(
          status,
          Map.of("Content-Type", "application/json"),
          json.getBytes(StandardCharsets.UTF_8),
          0);
    }

    public Answer with(String header, String value) {
      var h = new java.util.HashMap<>(headers);
      h.put(header, value);
      return new Answer(status, h, body, delayMillis);
    }

    public Answer delayed(long millis) {
      return new Answer(status, headers, body, millis);
    }
  }

  private final HttpServer server;
  private final Map<String, Deque<Answer>> script = new ConcurrentHashMap<>();
  public final List<Received> received = java.util.Collections.synchronizedList(new ArrayList<>());

  public StandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public StandIn on(String path, Answer... answers) {
    script.put(path, new ArrayDeque<>(List.of(answers)));
    return this;
  }

  public List<Received> to(String path) {
    synchronized (received) {
      return received.stream().filter(r -> r.path().equals(path)).toList();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String path = exchange.getRequestURI().getPath();
    received.add(
        new Received(
            exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body));
    Deque<Answer> answers = script.get(path);
    Answer answer;
    if (answers == null || answers.isEmpty()) {
      answer = Answer.json(404, "{\"code\":\"NotFound\",\"message\":\"no such path\"}");
    } else {
      answer = answers.size() > 1 ? answers.poll() : answers.peek();
    }
    try {
      if (answer.delayMillis() > 0) {
        Thread.sleep(answer.delayMillis());
      }
      answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.sendResponseHeaders(
          answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
      if (answer.body().length > 0) {
        exchange.getResponseBody().write(answer.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client gave up (a time-out test): nothing to answer.
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
