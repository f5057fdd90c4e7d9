package dev.pledge.server.devapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * B-14 DNS rebinding: a name that passes the check and then points into the server's network must
 * not get the delivery there. The name here is resolved by the test: first to the local receiver
 * (allowed, as loopback is in tests), then — for anyone who asks again — to a private address. The
 * delivery asks once and connects where that answer said, with the URL's host in {@code Host}.
 */
class WebhookSenderTest {

  HttpServer receiver;
  final List<String> hosts = new CopyOnWriteArrayList<>();
  final List<String> bodies = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          hosts.add(ex.getRequestHeaders().getFirst("Host"));
          bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
  }

  @Test
  @DisplayName(
      "B-14 a delivery resolves once, checks, and connects to that address (DNS rebinding)")
  void pinned() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    WebhookTargets.Resolver rebinding =
        host -> {
          assertThat(host).isEqualTo("hooks.rebind.test");
          return lookups.incrementAndGet() == 1
              ? new InetAddress[] {InetAddress.getByName("127.0.0.1")}
              : new InetAddress[] {InetAddress.getByName("10.0.0.7")};
        };
    int port = receiver.getAddress().getPort();
    URI url = URI.create("http://hooks.rebind.test:" + port + "/hook");
    int status = new WebhookSender(rebinding, true).post(url, Map.of("webhook-id", "msg_1"), "{}");
    assertThat(status).isEqualTo(204);
    assertThat(lookups.get()).as("looked up once").isEqualTo(1);
    assertThat(hosts).containsExactly("hooks.rebind.test:" + port);
    assertThat(bodies).containsExactly("{}");

    // The next delivery looks again, finds the private address and sends nothing.
    assertThatThrownBy(
            () -> new WebhookSender(rebinding, true).post(url, Map.of("webhook-id", "m"), "{}"))
        .isInstanceOf(WebhookSender.RefusedAddress.class)
        .hasMessage("it points into a private or reserved network");
    assertThat(hosts).hasSize(1);
  }
}
