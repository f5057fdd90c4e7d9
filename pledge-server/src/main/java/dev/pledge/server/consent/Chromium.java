package dev.pledge.server.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium (the system's, never a downloaded one) driven over the DevTools protocol: the
 * few commands the cookie audit needs — isolated browser contexts, navigation, extra headers,
 * scripts before a page's own, clicks, and every cookie and storage entry. Talking the protocol
 * directly keeps a 200 MB browser-automation bundle out of the server's jar.
 */
final class Chromium implements AutoCloseable {

  static final Path DEFAULT = Path.of("/usr/bin/chromium");
  private static final Pattern ENDPOINT = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final Map<String, BlockingQueue<JsonNode>> events = new ConcurrentHashMap<>();

  /** Thrown when the browser cannot be started or stops answering. */
  static final class Unavailable extends RuntimeException {
    Unavailable(String message) {
      super(message);
    }
  }

  private Chromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  static Chromium start(Path executable) {
    if (!Files.isExecutable(executable)) {
      throw new Unavailable(
          "no Chromium at "
              + executable
              + ": install Debian's (apt-get install -y chromium) or name another with --chromium");
    }
    Path profile;
    Process process;
    try {
      profile = Files.createTempDirectory("pledge-cookie-audit");
      process =
          new ProcessBuilder(
                  executable.toString(),
                  "--headless=new",
                  "--no-sandbox",
                  "--disable-gpu",
                  "--disable-background-networking",
                  "--disable-component-update",
                  "--disable-sync",
                  "--no-first-run",
                  "--remote-debugging-port=0",
                  "--user-data-dir=" + profile,
                  "about:blank")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new Unavailable("could not start " + executable + ": " + e.getMessage());
    }
    String endpoint = null;
    // The reader stays open: the browser keeps logging to it, and a closed pipe would fail its
    // writes.
    BufferedReader err =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    try {
      long until = System.nanoTime() + TIMEOUT.toNanos();
      String line;
      while (System.nanoTime() < until && (line = err.readLine()) != null) {
        Matcher m = ENDPOINT.matcher(line);
        if (m.find()) {
          endpoint = m.group(1);
          break;
        }
      }
    } catch (IOException e) {
      process.destroyForcibly();
      throw new Unavailable("Chromium did not start: " + e.getMessage());
    }
    // Keep draining the browser's log so it never blocks on a full pipe.
    Thread drain =
        new Thread(
            () -> {
              try {
                while (err.readLine() != null) {
                  // discarded: the browser's own diagnostics
                }
              } catch (IOException ignored) {
                // the browser went away
              }
            },
            "chromium-log");
    drain.setDaemon(true);
    drain.start();
    if (endpoint == null) {
      process.destroyForcibly();
      throw new Unavailable("Chromium started but offered no DevTools endpoint");
    }
    Chromium[] self = new Chromium[1];
    StringBuilder partial = new StringBuilder();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(
                URI.create(endpoint),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      String message = partial.toString();
                      partial.setLength(0);
                      self[0].receive(message);
                    }
                    ws.request(1);
                    return null;
                  }
                })
            .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
            .join();
    self[0] = new Chromium(process, profile, socket);
    return self[0];
  }

  private void receive(String message) {
    try {
      JsonNode node = JSON.readTree(message);
      if (node.has("id")) {
        CompletableFuture<JsonNode> f = pending.remove(node.get("id").asInt());
        if (f != null) {
          if (node.has("error")) {
            f.completeExceptionally(new Unavailable(node.get("error").path("message").asText()));
          } else {
            f.complete(node.path("result"));
          }
        }
      } else {
        String session = node.path("sessionId").asText("");
        events.computeIfAbsent(session, s -> new LinkedBlockingQueue<>()).add(node);
      }
    } catch (IOException e) {
      // not JSON: not the protocol's; ignored
    }
  }

  /** Sends a command, at the browser ({@code session} null) or to one page, and waits. */
  JsonNode send(String session, String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode();
    message.put("id", id);
    message.put("method", method);
    message.set("params", params == null ? JSON.createObjectNode() : params);
    if (session != null) {
      message.put("sessionId", session);
    }
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket.sendText(message.toString(), true).join();
    try {
      return answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new Unavailable(method + ": " + e.getCause().getMessage());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new Unavailable(
          method + ": Chromium did not answer within " + TIMEOUT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable(method + ": interrupted");
    }
  }

  static ObjectNode params() {
    return JSON.createObjectNode();
  }

  /** Waits for the next event named {@code method} of a page, or gives up after {@code wait}. */
  JsonNode awaitEvent(String session, String method, Duration wait) {
    BlockingQueue<JsonNode> queue =
        events.computeIfAbsent(session, s -> new LinkedBlockingQueue<>());
    long until = System.nanoTime() + wait.toNanos();
    try {
      while (true) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        JsonNode e = queue.poll(left, TimeUnit.NANOSECONDS);
        if (e != null && method.equals(e.path("method").asText())) {
          return e;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Forgets a page's earlier events (before a navigation). */
  void clearEvents(String session) {
    events.computeIfAbsent(session, s -> new LinkedBlockingQueue<>()).clear();
  }

  @Override
  public void close() {
    try {
      send(null, "Browser.close", null);
    } catch (RuntimeException ignored) {
      // closing anyway
    }
    socket.abort();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind
    }
  }
}
